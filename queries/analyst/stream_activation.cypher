// Neo4j Browser: how a question spreads through memory. The EDUs whose text best matches the
// question's words seed a personalized PageRank on the scope's warm GDS projection; the table
// lists the most activated EDUs and entities. Run any recall first if the projection is cold
// (after a server restart). Set :param scope => 'sample' and :param words => 'sourdough starter'
// params: scope, words
MATCH (p:Projection {scope: $scope})
WHERE gds.graph.exists(p.graph)
CALL db.index.fulltext.queryNodes('edu_search_key', $words, {limit: 50}) YIELD node, score
WHERE node.scope = $scope
WITH p, collect([node, score])[..10] AS seeds
WHERE size(seeds) > 0
CALL gds.pageRank.stream(p.graph, {
  sourceNodes: seeds, dampingFactor: 0.7, maxIterations: 20,
  relationshipWeightProperty: 'weight', concurrency: 1
}) YIELD nodeId, score
WITH gds.util.asNode(nodeId) AS n, score ORDER BY score DESC LIMIT 25
RETURN labels(n)[0] AS kind, coalesce(n.name, n.text) AS node, round(score, 5) AS activation
