// A scope's sessions as they were given, oldest first, each with its turns in order: what
// `hippograph export` writes as hippograph JSONL. Turn ids are the source's own.
// params: scope
MATCH (s:Session {scope: $scope})
CALL (s) {
  MATCH (s)-[:HAS_TURN]->(t:Turn)
  WITH t ORDER BY t.position
  RETURN collect(t {id: t.source_id, .speaker, .text, .role, .image_caption, .timestamp}) AS turns
}
RETURN s.conversation AS conversation, s.source_id AS session, s.started_at AS started_at,
       turns
ORDER BY s.started_at, s.id
