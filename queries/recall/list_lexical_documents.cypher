// What a scope's in-memory lexical index is built from (graph/recall/lexical.py): its EDUs'
// search fields and what the search's fusion weighs (act, event dates, session and its day;
// graph/recall/fusion.py), what the learned ranking reads of them (length, mentioned entities,
// speakers, turn positions: graph/recall/features.py), its entities' names; what it is built at
// (recall/get_lexical_version), and the scope's embedding model, which recall checks against
// the question's. recall/list_appended_documents reads the same columns for appends only.
// params: scope
CALL () {
  OPTIONAL MATCH (p:Projection {scope: $scope})
  RETURN p.rewritten AS version, p.appends AS appends
}
CALL () {
  OPTIONAL MATCH (m:EmbeddingModel {scope: $scope})
  RETURN CASE WHEN m.name IS NULL THEN null
              ELSE m {.name, .artifact, .dimensions, .query_prefix, .passage_prefix} END AS model,
         m.reembedding_to AS pending
}
CALL () {
  MATCH (u:EDU {scope: $scope})
  RETURN collect([u.id, u.key, u.context, u.act, u.date, u.date_end, date(u.session_date),
                  u.session, size(split(u.text, ' ')), [(u)-[:MENTIONS]->(e) | e.id],
                  u.speakers, [(u)-[:FROM_TURN]->(t) | t.position]]) AS edus
}
CALL () {
  MATCH (e:Entity {scope: $scope})
  RETURN collect([e.id, e.name]) AS entities
}
RETURN version, appends, model, pending, edus, entities
