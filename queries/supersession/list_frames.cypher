// The statements of a scope with a frame of these keys ("subject\u001fattribute"), with when
// each was said (its session's start, the session, its first turn's position), holds from,
// and what a chat model refused to let it supersede.
// params: scope, keys
MATCH (u:EDU {scope: $scope})
WHERE u.frame_key IN $keys
CALL (u) {
  MATCH (u)-[:FROM_TURN]->(t:Turn)
  RETURN min(t.position) AS position
}
RETURN u.id AS id, u.text AS text, u.frame_subject AS subject, u.frame_attribute AS attribute,
       u.frame_value AS value, u.frame_ends AS ends, u.frame_marker AS marker,
       u.session_date AS session_date, u.session AS session, position,
       u.valid_from AS valid_from, u.frame_refused AS refused, u.frame_judged_by AS judged_by
