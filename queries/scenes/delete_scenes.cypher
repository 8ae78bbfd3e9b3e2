// Remove a scope's scenes and personas before they are built again (the EDUs stay).
// params: scope
CALL () {
  MATCH (n:Scene {scope: $scope}) RETURN n
  UNION MATCH (n:Persona {scope: $scope}) RETURN n
}
DETACH DELETE n
