// Everything is read and deleted per scope: finding a scope's Scene nodes must not scan the label.
// params: none
CREATE INDEX scene_scope IF NOT EXISTS
FOR (n:Scene) ON (n.scope)
