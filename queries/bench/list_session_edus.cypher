// Benchmarks only: a scope's sessions with their EDU counts, in id order (the many-scopes
// benchmark copies the first ones into scopes smaller than a conversation).
// params: scope
MATCH (s:Session {scope: $scope})
RETURN s.id AS session, COUNT { (s)-[:HAS_EDU]->(:EDU) } AS edus
ORDER BY s.id
