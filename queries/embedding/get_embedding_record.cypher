// The model recorded as having embedded a scope (null when none is), the model a re-embedding
// left unfinished (null when none), how many EDUs the scope holds, and how many of them another
// model than $model embedded (what a re-embedding has left to do).
// params: scope, model
OPTIONAL MATCH (m:EmbeddingModel {scope: $scope})
CALL () {
  MATCH (u:EDU {scope: $scope})
  RETURN count(u) AS edus,
         count(CASE WHEN u.embedded_by IS NULL OR u.embedded_by <> $model THEN 1 END) AS stale
}
RETURN CASE WHEN m.name IS NULL THEN null
            ELSE m {.name, .artifact, .dimensions, .query_prefix, .passage_prefix} END AS record,
       m.reembedding_to AS pending, edus, stale
