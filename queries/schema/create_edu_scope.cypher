// Everything is read per scope: listing a scope's EDU nodes must not scan the label.
// params: none
CREATE INDEX edu_scope IF NOT EXISTS
FOR (n:EDU) ON (n.scope)
