// Content hashes of sessions already stored, to skip the ones that have not changed.
// params: scope, ids
MATCH (s:Session {scope: $scope})
WHERE s.id IN $ids
RETURN s.id AS id, s.content_hash AS content_hash
