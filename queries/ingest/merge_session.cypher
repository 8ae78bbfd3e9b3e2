// The Session node with its date, source ids and hashes: of what was given (input_hash), and of
// that with the extractor and model that derived its EDUs (content_hash).
// params: scope, id, source_id, conversation, started_at, input_hash, content_hash, extractor
MERGE (s:Session {scope: $scope, id: $id})
SET s.source_id = $source_id,
    s.conversation = $conversation,
    s.started_at = $started_at,
    s.input_hash = $input_hash,
    s.content_hash = $content_hash,
    s.extractor = $extractor,
    s.name = $conversation + ' / ' + $source_id
