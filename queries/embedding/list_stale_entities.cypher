// A batch of a scope's entities that another model embedded: their names.
// params: scope, model, batch
MATCH (n:Entity {scope: $scope})
WHERE n.embedded_by IS NULL OR n.embedded_by <> $model
RETURN n.id AS id, n.name AS name
ORDER BY id
LIMIT $batch
