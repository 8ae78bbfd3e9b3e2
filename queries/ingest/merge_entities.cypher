// Entities mentioned by a session: created once per (scope, key); the key is the entity id.
// $appended as in ingest/create_edus, on the entities it creates.
// params: scope, scope_token, entities, embedded_by, appended
UNWIND $entities AS e
MERGE (n:Entity {scope: $scope, id: e.key})
ON CREATE SET n.scope_token = $scope_token, n.key = e.key, n.name = e.name, n.type = e.type,
              n.aliases = e.aliases, n.embedding = e.embedding,
              n.embedded_by = CASE WHEN e.embedding IS NULL THEN null ELSE $embedded_by END,
              n.appended = $appended
ON MATCH SET n.aliases = [a IN coalesce(n.aliases, []) + e.aliases WHERE a <> n.name | a]
