// Remove a projection from the GDS catalog; no error if it is already gone.
// params: graph
CALL gds.graph.drop($graph, false) YIELD graphName
RETURN graphName AS graph
