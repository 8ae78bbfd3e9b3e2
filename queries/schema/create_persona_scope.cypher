// Everything is read and deleted per scope: finding a scope's Persona nodes must not scan the label.
// params: none
CREATE INDEX persona_scope IF NOT EXISTS
FOR (n:Persona) ON (n.scope)
