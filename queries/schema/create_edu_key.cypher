// Ids are unique within a memory scope; the constraint's index also serves lookups by key.
// params: none
CREATE CONSTRAINT edu_key IF NOT EXISTS
FOR (n:EDU) REQUIRE (n.scope, n.id) IS UNIQUE
