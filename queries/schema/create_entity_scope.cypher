// Everything is read per scope: listing a scope's Entity nodes must not scan the label.
// params: none
CREATE INDEX entity_scope IF NOT EXISTS
FOR (n:Entity) ON (n.scope)
