// A scope's entities with their embeddings: the in-memory index for aliases and synonymy.
// params: scope
MATCH (e:Entity {scope: $scope})
RETURN e.key AS key, e.name AS name, e.type AS type, e.aliases AS aliases, e.embedding AS embedding
