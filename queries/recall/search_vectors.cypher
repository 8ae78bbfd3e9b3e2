// Dense search of one scope's EDUs: a vector search over EDU text alone and one over the EDU in
// the context of the turn before it (a pool of 0 skips it), filtered to the scope inside the
// index, each best first (ties by id). The fusion with the scope's own BM25 ranking and the
// weights run beside the scope's lexical index (graph/recall/fusion.py). Also what that index
// must have been built at to be current (as recall/get_lexical_version reads it): one round trip
// less for every recall that searches vectors.
// params: scope, embedding, plain_pool, context_pool
CYPHER 25
CALL () {
  MATCH (v:EDU)
    SEARCH v IN (VECTOR INDEX edu_exact_vector FOR $embedding WHERE v.scope = $scope
                 LIMIT $plain_pool) SCORE AS score
  WITH v, score ORDER BY score DESC, v.id
  RETURN collect([v.id, score]) AS plain
}
CALL () {
  MATCH (w:EDU)
    SEARCH w IN (VECTOR INDEX edu_exact_context_vector FOR $embedding WHERE w.scope = $scope
                 LIMIT $context_pool) SCORE AS score
  WITH w, score ORDER BY score DESC, w.id
  RETURN collect([w.id, score]) AS in_context
}
OPTIONAL MATCH (p:Projection {scope: $scope})
OPTIONAL MATCH (m:EmbeddingModel {scope: $scope})
RETURN plain, in_context, p.rewritten AS version, p.appends AS appends, m.name AS model, m.reembedding_to AS pending
