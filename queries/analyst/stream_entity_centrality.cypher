// Neo4j Browser or a notebook: the scope's most central entities, by PageRank over its warm
// GDS projection (no seeds), with how many EDUs and sessions mention each.
// params: scope, limit
MATCH (p:Projection {scope: $scope})
WHERE gds.graph.exists(p.graph)
CALL gds.pageRank.stream(p.graph, {
  nodeLabels: ['Entity', 'EDU'], dampingFactor: 0.85, maxIterations: 20,
  relationshipWeightProperty: 'weight', concurrency: 1
}) YIELD nodeId, score
WITH gds.util.asNode(nodeId) AS n, score
WHERE n:Entity
RETURN n.id AS id, n.name AS name, n.type AS type, round(score, 5) AS centrality,
       n.edu_count AS edus, n.session_count AS sessions
ORDER BY centrality DESC, id LIMIT $limit
