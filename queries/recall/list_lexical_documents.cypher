// What a scope's in-memory lexical index is built from (graph/recall/lexical.py): its EDUs'
// search fields and what the search's fusion weighs (act, event dates, session and its day;
// graph/recall/fusion.py), its entities' names, and the generation of its projection, which
// every write bumps (the index is built again when it has moved on).
// params: scope
CALL () {
  OPTIONAL MATCH (p:Projection {scope: $scope})
  RETURN p.generation AS version
}
CALL () {
  MATCH (u:EDU {scope: $scope})
  RETURN collect([u.id, u.key, u.context, u.act, u.date, u.date_end, date(u.session_date),
                  u.session]) AS edus
}
CALL () {
  MATCH (e:Entity {scope: $scope})
  RETURN collect([e.id, e.name]) AS entities
}
RETURN version, edus, entities
