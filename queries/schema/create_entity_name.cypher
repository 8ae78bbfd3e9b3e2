// Linking query words to entities by name, tolerant of case and word order.
// params: none
CREATE FULLTEXT INDEX entity_name IF NOT EXISTS
FOR (n:Entity) ON EACH [n.name]
