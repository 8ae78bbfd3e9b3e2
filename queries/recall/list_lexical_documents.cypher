// What a scope's in-memory lexical index is built from (graph/recall/lexical.py): its EDUs'
// search fields, its entities' names, and the generation of its projection, which every write
// bumps (the index is built again when it has moved on).
// params: scope
CALL () {
  OPTIONAL MATCH (p:Projection {scope: $scope})
  RETURN p.generation AS version
}
CALL () {
  MATCH (u:EDU {scope: $scope})
  RETURN collect([u.id, u.key, u.context]) AS edus
}
CALL () {
  MATCH (e:Entity {scope: $scope})
  RETURN collect([e.id, e.name]) AS entities
}
RETURN version, edus, entities
