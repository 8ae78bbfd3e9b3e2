// A per-question projection for local propagation: the edges [source, target, weight] of the
// seeds' neighbourhood (recall/spread_activation; a target of null projects a node alone),
// undirected, as ENTITY_LINK. Its own statement: projecting in the statement that reads the
// neighbourhood, or in the one that runs PageRank, took twice as long (docs/performance.md).
// params: graph, edges
CYPHER 25
UNWIND $edges AS edge
WITH gds.graph.project($graph, edge[0], edge[1], {
       relationshipType: 'ENTITY_LINK',
       relationshipProperties: CASE WHEN edge[2] IS NULL THEN null ELSE {weight: edge[2]} END
     }, {undirectedRelationshipTypes: ['*'], readConcurrency: 1}) AS projected
RETURN projected.nodeCount AS nodes, projected.relationshipCount AS relationships
