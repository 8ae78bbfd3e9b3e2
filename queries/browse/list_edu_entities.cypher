// The entities each of several EDUs mentions, with the role they play in it.
// params: scope, ids
UNWIND $ids AS id
OPTIONAL CALL (id) {
  MATCH (:EDU {scope: $scope, id: id})-[m:MENTIONS]->(e:Entity)
  WITH e, m ORDER BY e.name
  RETURN collect(e {.id, .name, .type, .aliases, .session_count, .edu_count, role: m.role})
    AS items
}
RETURN id AS key, coalesce(items, []) AS items
