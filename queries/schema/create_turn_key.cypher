// Ids are unique within a memory scope; the constraint's index also serves lookups by key.
// params: none
CREATE CONSTRAINT turn_key IF NOT EXISTS
FOR (n:Turn) REQUIRE (n.scope, n.id) IS UNIQUE
