// Associative recall's propagation: a weighted personalized PageRank from $sources ([internal
// node id, restart weight], recall/list_seeds) over $graph: the scope's warm projection, or a
// per-question one (recall/project_neighbourhood), which is dropped after when $drop.
// Returns the EDUs it activates most.
// An EDU that only asks counts $question_weight of its activation, a dated one $dated_weight,
// as in search.
// params: graph, drop, sources, types, damping, iterations, question_weight, dated_weight, pool
CYPHER 25
OPTIONAL CALL () {
  WITH * WHERE size($sources) > 0 AND size($types) > 0
  CALL gds.pageRank.stream($graph, {
    sourceNodes: $sources, dampingFactor: $damping, maxIterations: $iterations,
    relationshipWeightProperty: 'weight', relationshipTypes: $types, concurrency: 1
  }) YIELD nodeId, score
  WITH nodeId, score WHERE score > 0
  ORDER BY score DESC LIMIT 4 * $pool
  WITH gds.util.asNode(nodeId) AS n, score
  WHERE n:EDU
  WITH n, score * CASE n.act WHEN 'question' THEN $question_weight ELSE 1.0 END *
          CASE WHEN n.date IS NULL THEN 1.0 ELSE $dated_weight END AS score
  ORDER BY score DESC, n.id
  RETURN collect({id: n.id, score: score})[..$pool] AS activated
}
OPTIONAL CALL () {
  WITH * WHERE $drop
  CALL gds.graph.drop($graph, false) YIELD graphName
  RETURN graphName AS dropped
}
RETURN coalesce(activated, []) AS activated
