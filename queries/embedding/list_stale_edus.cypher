// A batch of a scope's EDUs that another model embedded: their search key (what is embedded: the
// day it was said, then the text) and the previous turn they are also embedded with.
// params: scope, model, batch
MATCH (u:EDU {scope: $scope})
WHERE u.embedded_by IS NULL OR u.embedded_by <> $model
RETURN u.id AS id, u.key AS key, u.context AS context
ORDER BY id
LIMIT $batch
