// The Session node with its date, source ids and content hash.
// params: scope, id, source_id, conversation, started_at, content_hash, extractor
MERGE (s:Session {scope: $scope, id: $id})
SET s.source_id = $source_id,
    s.conversation = $conversation,
    s.started_at = $started_at,
    s.content_hash = $content_hash,
    s.extractor = $extractor,
    s.name = $conversation + ' / ' + $source_id
