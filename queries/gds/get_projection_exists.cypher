// Whether a projection is in the GDS catalog.
// params: graph
RETURN gds.graph.exists($graph) AS exists
