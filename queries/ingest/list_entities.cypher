// A scope's entities with their types and embeddings: the pipeline's index for aliases and synonymy.
// params: scope
MATCH (e:Entity {scope: $scope})
RETURN e.key AS key, e.type AS type, e.embedding AS embedding
