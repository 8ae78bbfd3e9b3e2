// The scope's current projection, if it is in the GDS catalog (the catalog is lost when the
// server restarts; the node that names it is not).
// params: scope
MATCH (p:Projection {scope: $scope})
WHERE gds.graph.exists(p.graph)
RETURN p.graph AS graph, p.generation AS generation, p.nodes AS nodes,
       p.relationships AS relationships, p.types AS types,
       p.labels AS labels
