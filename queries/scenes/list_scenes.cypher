// A scope's scenes at one level (all levels when $level is null), largest first, one page.
// params: scope, level, skip, limit
MATCH (c:Scene {scope: $scope})
WHERE $level IS NULL OR c.level = $level
RETURN c {.id, .level, .size, .sessions, .start, .end, .top_entities, .summary,
          .summarized_by, .parent_id} AS scene
ORDER BY c.level, c.size DESC, c.id
SKIP $skip LIMIT $limit
