// Mark a scope as being re-embedded with $model: until the new model is recorded, recall and
// ingest refuse the scope, whose vectors are then of two models.
// params: scope, model
MERGE (m:EmbeddingModel {scope: $scope})
SET m.reembedding_to = $model
