// A batch of a scope's EDUs that another model embedded: their text and the previous turn
// they are also embedded with.
// params: scope, model, batch
MATCH (u:EDU {scope: $scope})
WHERE u.embedded_by IS NULL OR u.embedded_by <> $model
RETURN u.id AS id, u.text AS text, u.context AS context
ORDER BY id
LIMIT $batch
