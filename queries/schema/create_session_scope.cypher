// Everything is read per scope: listing a scope's Session nodes must not scan the label.
// params: none
CREATE INDEX session_scope IF NOT EXISTS
FOR (n:Session) ON (n.scope)
