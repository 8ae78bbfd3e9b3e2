// The first statement of an append: the session, created when new, locked for the rest of the
// transaction before anything else of it is read (concurrent appends to it wait here, so
// positions never collide; reading its relationships first let two appends deadlock). Its
// hashes are emptied: a session grown by appends no longer is one given input, and ingesting
// it whole again is a conflict that onConflict decides.
// params: scope, id, source_id, conversation, started_at, extractor
MERGE (s:Session {scope: $scope, id: $id})
ON CREATE SET s.source_id = $source_id, s.conversation = $conversation,
              s.started_at = $started_at, s.extractor = $extractor,
              s.name = $conversation + ' / ' + $source_id, s.turn_count = 0
SET s.input_hash = '', s.content_hash = ''
WITH s
SET s.turn_count = coalesce(s.turn_count, COUNT { (s)-[:HAS_TURN]->() })
RETURN s.turn_count AS turn_count
