// The EDUs and entities that appends stored in a scope after its lexical index was built at
// $after appends, with the columns of recall/list_lexical_documents (in the order they were
// appended): what the index takes in place. Read through the (scope, appended) indexes, so it
// costs what was appended, not what the scope holds.
// params: scope, after
CALL () {
  OPTIONAL MATCH (p:Projection {scope: $scope})
  RETURN p.rewritten AS version, p.appends AS appends
}
CALL () {
  MATCH (u:EDU {scope: $scope})
  WHERE u.appended > $after
  WITH u ORDER BY u.appended
  RETURN collect([u.id, u.key, u.context, u.act, u.date, u.date_end, date(u.session_date),
                  u.session, size(split(u.text, ' ')), [(u)-[:MENTIONS]->(e) | e.id],
                  u.speakers, [(u)-[:FROM_TURN]->(t) | t.position]]) AS edus
}
CALL () {
  MATCH (e:Entity {scope: $scope})
  WHERE e.appended > $after
  RETURN collect([e.id, e.name]) AS entities
}
RETURN version, appends, edus, entities
