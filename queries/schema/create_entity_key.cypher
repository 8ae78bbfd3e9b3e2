// Ids are unique within a memory scope; the constraint's index also serves lookups by key.
// params: none
CREATE CONSTRAINT entity_key IF NOT EXISTS
FOR (n:Entity) REQUIRE (n.scope, n.id) IS UNIQUE
