// The first statement of an append: the session, created when new, locked for the rest of the
// transaction by a write of its turn count (concurrent appends to it wait here, so positions
// never collide). Its hashes are emptied: a session grown by appends no longer is one given
// input, and ingesting it whole again is a conflict that onConflict decides.
// params: scope, id, source_id, conversation, started_at, extractor
MERGE (s:Session {scope: $scope, id: $id})
ON CREATE SET s.source_id = $source_id, s.conversation = $conversation,
              s.started_at = $started_at, s.extractor = $extractor,
              s.name = $conversation + ' / ' + $source_id, s.created_by_append = true
WITH s, s.created_by_append = true AND s.turn_count IS NULL AS created
SET s.turn_count = coalesce(s.turn_count, COUNT { (s)-[:HAS_TURN]->() }),
    s.input_hash = '', s.content_hash = ''
RETURN s.turn_count AS turn_count, s.started_at AS started_at, created
