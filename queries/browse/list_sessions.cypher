// One page of a scope's sessions, oldest first, with their sizes.
// params: scope, skip, limit
MATCH (s:Session {scope: $scope})
RETURN s.id AS id, s.conversation AS conversation, s.source_id AS source_id,
       s.started_at AS started_at,
       COUNT { (s)-[:HAS_TURN]->() } AS turn_count,
       COUNT { (s)-[:HAS_EDU]->() } AS edu_count
ORDER BY s.started_at, s.id
SKIP $skip LIMIT $limit
