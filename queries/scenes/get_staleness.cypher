// How far a scope's scenes lag behind its appends: its scenes, its EDUs, and the EDUs appended
// after the scenes were last built (in no scene until they are built again; read through the (scope,
// appended) index, so it costs what was appended since).
// params: scope
OPTIONAL MATCH (p:Projection {scope: $scope})
CALL () {
  MATCH (c:Scene {scope: $scope})
  RETURN count(c) AS scenes
}
CALL () {
  MATCH (u:EDU {scope: $scope})
  RETURN count(u) AS edus
}
CALL (p) {
  MATCH (u:EDU {scope: $scope})
  WHERE u.appended > coalesce(p.scened_appends, 0)
  RETURN count(u) AS without_scene
}
RETURN scenes, edus, without_scene
