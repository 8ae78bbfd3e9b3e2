// What an append reads before it extracts: whether the session exists, its date and its number
// of turns, its last $window turns (the context its new turns are read in) and, of the given
// turn ids, those already stored with their content (a retried call stores nothing again).
// params: scope, id, window, turn_ids
OPTIONAL MATCH (s:Session {scope: $scope, id: $id})
CALL (s) {
  OPTIONAL MATCH (s)-[:HAS_TURN]->(t:Turn)
  WHERE s IS NOT NULL AND t.position >= coalesce(s.turn_count, 0) - $window
  WITH t ORDER BY t.position
  RETURN collect(t {.id, .speaker, .role, .text, .image_caption, .timestamp, .position}) AS tail
}
CALL (s) {
  UNWIND $turn_ids AS turn_id
  MATCH (s)-[:HAS_TURN]->(t:Turn {scope: $scope, id: turn_id})
  RETURN collect(t {.id, .speaker, .role, .text, .image_caption, .timestamp, .position}) AS stored
}
RETURN s IS NOT NULL AS exists, s.started_at AS started_at, s.conversation AS conversation,
       coalesce(s.turn_count, COUNT { (s)-[:HAS_TURN]->() }) AS turn_count, tail, stored
