// Record the model that embedded a scope, replacing the one recorded before; a re-embedding
// that was under way is over.
// params: scope, record
MERGE (m:EmbeddingModel {scope: $scope})
SET m += $record, m.reembedding_to = null, m.recorded_at = datetime()
