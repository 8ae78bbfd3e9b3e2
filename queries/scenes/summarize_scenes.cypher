// What each scene is about, without an LLM: its EDUs (through its level-0 scenes), its top
// entities (mentions in the scene × log(1 + sessions in scope / sessions of the entity), so
// the speakers do not top every scene), time span, sessions, and an extractive summary: the
// $summary_edus EDUs that mention most of the top entities, in time order.
// params: scope, top_entities, summary_edus
MATCH (s:Session {scope: $scope})
WITH count(s) AS sessions
MATCH (c:Scene {scope: $scope})
CALL (c) {
  MATCH (u:EDU)-[:IN_SCENE]->(:Scene)-[:PART_OF]->{0, 10}(c)
  RETURN collect(u) AS edus
}
CALL (edus, sessions) {
  UNWIND edus AS u
  MATCH (u)-[:MENTIONS]->(e:Entity)
  WITH e, count(*) * log(1.0 + toFloat(sessions) / coalesce(e.session_count, 1)) AS weight
  ORDER BY weight DESC, e.id LIMIT $top_entities
  RETURN collect(e) AS top
}
CALL (edus, top) {
  UNWIND edus AS u
  OPTIONAL MATCH (u)-[:MENTIONS]->(e:Entity) WHERE e IN top
  WITH u, count(e) AS central ORDER BY central DESC, u.id LIMIT $summary_edus
  WITH u ORDER BY u.session_date, u.id
  RETURN collect(u.text) AS central
}
CALL (edus) {
  UNWIND edus AS u
  RETURN count(DISTINCT u.session) AS in_sessions,
         min(coalesce(u.date, date(u.session_date))) AS starts,
         max(coalesce(u.date_end, u.date, date(u.session_date))) AS ends
}
SET c.size = size(edus), c.top_entities = [e IN top | e.name], c.sessions = in_sessions,
    c.start = starts, c.end = ends,
    c.summary = reduce(text = '', t IN central | text + CASE WHEN text = '' THEN '' ELSE ' ' END + t),
    c.summarized_by = 'extractive',
    c.name = coalesce(head([e IN top | e.name]), c.id) + ' (' + c.id + ')'
RETURN count(c) AS scenes
