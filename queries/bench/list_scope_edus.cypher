// Benchmarks only: everything recall reads of a scope's EDUs, for an in-memory reference of
// the same recall (evaluation/floor.py): search fields, vectors, weights' inputs (act, dates,
// session day), what the learned ranking reads (speakers) and the provenance a hit carries (source turns, in order).
// params: scope
MATCH (u:EDU {scope: $scope})
CALL (u) {
  MATCH (u)-[:FROM_TURN]->(t:Turn)
  WITH t ORDER BY t.position
  RETURN collect(t {.id, .source_id, .speaker, .text, .image_caption, .position}) AS turns
}
RETURN u.id AS id, u.text AS text, u.key AS key, u.context AS context, u.act AS act,
       u.session AS session, u.date AS date, u.date_end AS date_end,
       date(u.session_date) AS day, u.embedding AS embedding,
       u.context_embedding AS context_embedding, u.speakers AS speakers, turns
ORDER BY id
