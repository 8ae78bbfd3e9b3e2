// A scope's personas (ids and names), most statements first.
// params: scope
MATCH (p:Persona {scope: $scope})
RETURN p.id AS id, p.name AS name
ORDER BY p.statements DESC, p.id
