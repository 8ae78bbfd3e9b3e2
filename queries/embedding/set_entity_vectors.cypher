// New name vectors for entities, marked with the model that made them.
// params: scope, model, entities
UNWIND $entities AS e
MATCH (n:Entity {scope: $scope, id: e.id})
SET n.embedding = e.embedding, n.embedded_by = $model
