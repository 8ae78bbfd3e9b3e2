// One page of a scope's entities, most mentioned first.
// params: scope, skip, limit
MATCH (e:Entity {scope: $scope})
RETURN e {.id, .name, .type, .aliases, .session_count, .edu_count} AS entity
ORDER BY coalesce(e.edu_count, 0) DESC, e.name
SKIP $skip LIMIT $limit
