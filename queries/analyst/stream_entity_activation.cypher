// Neo4j Browser or a notebook: how one entity (by id or case-insensitive name) spreads through
// memory. A personalized PageRank from it on the scope's warm GDS projection; the most
// activated EDUs and entities. Run any recall first if the projection is cold.
// params: scope, entity, limit
MATCH (p:Projection {scope: $scope})
WHERE gds.graph.exists(p.graph)
MATCH (e:Entity {scope: $scope})
WHERE e.id = $entity OR toLower(e.name) = toLower($entity)
WITH p, e ORDER BY e.id = $entity DESC, coalesce(e.edu_count, 0) DESC LIMIT 1
CALL gds.pageRank.stream(p.graph, {
  sourceNodes: [e], dampingFactor: 0.7, maxIterations: 20,
  relationshipWeightProperty: 'weight', concurrency: 1
}) YIELD nodeId, score
WITH gds.util.asNode(nodeId) AS n, score ORDER BY score DESC LIMIT $limit
RETURN labels(n)[0] AS kind, n.id AS id, coalesce(n.name, n.text) AS node,
       round(score, 5) AS activation
