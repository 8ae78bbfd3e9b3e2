// A session's EDUs: HAS_EDU from the session, FROM_TURN to each source turn, SAID_BY speakers;
// with the frame supersession compares (none: null properties) and the day it holds from.
// $appended: the scope's count of appends when an append writes them (null for a session
// written whole), which recall/list_appended_documents reads.
// params: scope, scope_token, session, edus, embedded_by, appended
MATCH (s:Session {scope: $scope, id: $session})
UNWIND $edus AS e
CREATE (u:EDU {scope: $scope, id: e.id})
SET u.scope_token = $scope_token, u.session = $session, u.text = e.text, u.key = e.key,
    u.act = e.act, u.speakers = e.speakers, u.turn_ids = e.turn_ids,
    u.context_turn_ids = e.context_turn_ids, u.session_date = e.session_date,
    u.date = e.date_start, u.date_end = e.date_end, u.date_granularity = e.date_granularity,
    u.date_expression = e.date_expression, u.extractor = e.extractor,
    u.extractor_version = e.extractor_version, u.embedding = e.embedding,
    u.context = e.context, u.context_embedding = e.context_embedding,
    u.embedded_by = $embedded_by, u.valid_from = e.valid_from, u.frame_key = e.frame_key,
    u.frame_subject = e.frame.subject, u.frame_attribute = e.frame.attribute,
    u.frame_value = e.frame.value, u.frame_ends = e.frame.ends, u.frame_marker = e.frame.marker,
    u.frame_refused = e.refused, u.frame_judged_by = e.judged_by, u.appended = $appended
CREATE (s)-[:HAS_EDU]->(u)
WITH u, e
CALL (u, e) {
  UNWIND e.turn_ids AS turn_id
  MATCH (t:Turn {scope: $scope, id: turn_id})
  CREATE (u)-[:FROM_TURN]->(t)
}
CALL (u, e) {
  UNWIND e.speaker_keys AS key
  MATCH (p:Entity {scope: $scope, id: key})
  CREATE (u)-[:SAID_BY]->(p)
}
CALL (u, e) {
  UNWIND e.mentions AS m
  MATCH (x:Entity {scope: $scope, id: m.key})
  CREATE (u)-[:MENTIONS {role: m.role}]->(x)
}
