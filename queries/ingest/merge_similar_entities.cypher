// Entity synonymy from embedding similarity (pairs chosen conservatively by the pipeline).
// params: scope, pairs
UNWIND $pairs AS p
MATCH (a:Entity {scope: $scope, id: p.a})
MATCH (b:Entity {scope: $scope, id: p.b})
MERGE (a)-[r:SIMILAR_TO]->(b)
SET r.score = p.score
