// Everything is read and deleted per scope: finding a scope's Turn nodes must not scan the label.
// params: none
CREATE INDEX turn_scope IF NOT EXISTS
FOR (n:Turn) ON (n.scope)
