// What a scope's in-memory lexical index must have been built at to be current: the last write
// that rewrote the scope (not an append), the count of its appends (an index that has fewer
// takes the newer ones in place) and its embedding model (with the model of a re-embedding
// under way).
// params: scope
OPTIONAL MATCH (p:Projection {scope: $scope})
OPTIONAL MATCH (m:EmbeddingModel {scope: $scope})
RETURN p.rewritten AS version, p.appends AS appends, m.name AS model,
       m.reembedding_to AS pending
