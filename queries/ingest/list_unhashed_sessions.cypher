// Sessions stored before input hashes were recorded, with their turns as given, a page at a
// time after the last element id seen (`hippograph migrate`).
// params: after, batch
MATCH (s:Session)
WHERE s.input_hash IS NULL AND elementId(s) > $after
WITH s ORDER BY elementId(s) LIMIT $batch
CALL (s) {
  MATCH (s)-[:HAS_TURN]->(t:Turn)
  WITH t ORDER BY t.position
  RETURN collect(t {.id, .speaker, .text, .role, .image_caption, .timestamp}) AS turns
}
RETURN elementId(s) AS element, s.scope AS scope, s.id AS id, s.conversation AS conversation,
       s.source_id AS source_id, s.started_at AS started_at, turns
