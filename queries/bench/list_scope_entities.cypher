// Benchmarks only: a scope's entities as recall seeds them (evaluation/floor.py): name, name
// vector, the sessions they occur in, and whether the projection holds them (an entity that
// only speaks is not in it).
// params: scope
MATCH (e:Entity {scope: $scope})
RETURN e.id AS id, e.name AS name, e.embedding AS embedding,
       coalesce(e.session_count, 1) AS session_count,
       EXISTS { (e)<-[:MENTIONS]-(:EDU) } OR EXISTS { (e)-[:SIMILAR_TO]-() } AS projected
ORDER BY id
