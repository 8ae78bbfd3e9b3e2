// One entity by id, or by name or alias in any case (the most mentioned such entity).
// params: scope, entity
MATCH (e:Entity {scope: $scope})
WHERE e.id = $entity OR toLower(e.name) = toLower($entity)
   OR any(a IN coalesce(e.aliases, []) WHERE toLower(a) = toLower($entity))
RETURN e {.id, .name, .type, .aliases, .session_count, .edu_count} AS entity
ORDER BY e.id = $entity DESC, toLower(e.name) = toLower($entity) DESC,
         coalesce(e.edu_count, 0) DESC
LIMIT 1
