// A scope's entities created by appends after a given count (recall/list_lexical_documents).
// params: none
CREATE INDEX entity_appended IF NOT EXISTS
FOR (n:Entity) ON (n.scope, n.appended)
