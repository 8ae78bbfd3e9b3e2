// The generation of a scope's projection and the scope's embedding model (with the model of a
// re-embedding under way): what its in-memory lexical index was built at, if nothing was
// written or re-embedded since.
// params: scope
OPTIONAL MATCH (p:Projection {scope: $scope})
OPTIONAL MATCH (m:EmbeddingModel {scope: $scope})
RETURN p.generation AS version, m.name AS model, m.reembedding_to AS pending
