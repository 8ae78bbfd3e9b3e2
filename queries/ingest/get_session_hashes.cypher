// Hashes of sessions already stored: unchanged ones are skipped, and one whose input differs is
// a conflict (an input_hash of null: stored by a version before `hippograph migrate`).
// params: scope, ids
MATCH (s:Session {scope: $scope})
WHERE s.id IN $ids
RETURN s.id AS id, s.content_hash AS content_hash, s.input_hash AS input_hash
