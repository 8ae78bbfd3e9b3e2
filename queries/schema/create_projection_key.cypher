// One Projection node per memory scope names the scope's current GDS projection.
// params: none
CREATE CONSTRAINT projection_key IF NOT EXISTS
FOR (n:Projection) REQUIRE n.scope IS UNIQUE
