// New vectors for EDUs, marked with the model that made them.
// params: scope, model, edus
UNWIND $edus AS e
MATCH (u:EDU {scope: $scope, id: e.id})
SET u.embedding = e.embedding, u.context_embedding = e.context_embedding, u.embedded_by = $model
