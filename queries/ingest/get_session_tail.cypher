// What an append reads before it extracts: the session's date and number of turns, its last
// $window turns (the context its new turns are read in) and, of the given turn ids, those
// already stored with their content (a retried call stores nothing again).
// params: scope, id, window, turn_ids
OPTIONAL MATCH (s:Session {scope: $scope, id: $id})
WITH s, coalesce(s.turn_count, COUNT { (s)-[:HAS_TURN]->() }) AS turn_count
CALL (s, turn_count) {
  OPTIONAL MATCH (s)-[:HAS_TURN]->(t:Turn)
  WHERE t.position >= turn_count - $window
  WITH t ORDER BY t.position
  RETURN collect(t {.id, .speaker, .role, .text, .image_caption, .timestamp, .position}) AS tail
}
CALL (s) {
  UNWIND $turn_ids AS turn_id
  MATCH (s)-[:HAS_TURN]->(t:Turn {scope: $scope, id: turn_id})
  RETURN collect(t {.id, .speaker, .role, .text, .image_caption, .timestamp, .position}) AS stored
}
RETURN s.started_at AS started_at, turn_count, tail, stored
