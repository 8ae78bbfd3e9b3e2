// Delete everything of one scope, in batches so a large scope does not need one huge transaction;
// how many sessions it held.
// params: scope
CALL () {
  MATCH (n:Session {scope: $scope}) RETURN n
  UNION MATCH (n:Turn {scope: $scope}) RETURN n
  UNION MATCH (n:EDU {scope: $scope}) RETURN n
  UNION MATCH (n:Entity {scope: $scope}) RETURN n
  UNION MATCH (n:Scene {scope: $scope}) RETURN n
  UNION MATCH (n:Persona {scope: $scope}) RETURN n
  UNION MATCH (n:Projection {scope: $scope}) RETURN n
  UNION MATCH (n:EmbeddingModel {scope: $scope}) RETURN n
  UNION MATCH (n:Job {scope: $scope}) RETURN n
}
WITH n, n:Session AS session
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
RETURN count(CASE WHEN session THEN 1 END) AS sessions
