// Delete everything of one scope, in batches so a large scope does not need one huge transaction.
// params: scope
CALL () {
  MATCH (n:Session {scope: $scope}) RETURN n
  UNION MATCH (n:Turn {scope: $scope}) RETURN n
  UNION MATCH (n:EDU {scope: $scope}) RETURN n
  UNION MATCH (n:Entity {scope: $scope}) RETURN n
  UNION MATCH (n:Scene {scope: $scope}) RETURN n
  UNION MATCH (n:Persona {scope: $scope}) RETURN n
  UNION MATCH (n:Projection {scope: $scope}) RETURN n
  UNION MATCH (n:Job {scope: $scope}) RETURN n
}
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
