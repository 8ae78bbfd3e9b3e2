// Linking query words to entities by name, tolerant of case and word order; scoped like
// edu_search_text.
// params: none
CREATE FULLTEXT INDEX entity_search_name IF NOT EXISTS
FOR (n:Entity) ON EACH [n.name, n.scope_token]
