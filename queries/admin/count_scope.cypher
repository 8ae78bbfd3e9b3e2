// Nodes per label and relationships per type that belong to one scope (nothing links across
// scopes, so a scope's relationships are the outgoing ones of its nodes).
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
}
WITH collect(n) AS nodes
CALL (nodes) {
  UNWIND nodes AS n
  RETURN 'node' AS kind, labels(n)[0] AS name, count(*) AS count
  UNION ALL
  UNWIND nodes AS n
  MATCH (n)-[r]->()
  RETURN 'relationship' AS kind, type(r) AS name, count(*) AS count
}
RETURN kind, name, count
