// hippograph's projections in the GDS catalog with the heap bytes each holds: what the
// catalog's budget counts (graph/gds/catalog.py).
// params: prefix
CALL gds.graph.list() YIELD graphName, sizeInBytes
WHERE graphName STARTS WITH $prefix
RETURN graphName AS graph, sizeInBytes AS bytes
