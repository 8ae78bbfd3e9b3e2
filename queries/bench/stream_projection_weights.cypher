// Benchmarks only: the relationships of a scope's current projection with their weights, as
// PageRank reads them (undirected: each arc both ways), nodes named by label and id.
// params: scope
MATCH (p:Projection {scope: $scope})
WHERE gds.graph.exists(p.graph)
CALL gds.graph.relationshipProperty.stream(p.graph, 'weight')
  YIELD sourceNodeId, targetNodeId, relationshipType, propertyValue
WITH gds.util.asNode(sourceNodeId) AS a, gds.util.asNode(targetNodeId) AS b,
     relationshipType AS type, propertyValue AS weight
RETURN labels(a)[0] + ':' + a.id AS source, labels(b)[0] + ':' + b.id AS target, type, weight
