// Associative recall's propagation: seeds (EDUs found by search, entities linked from the
// question) restart a weighted personalized PageRank over the scope's current projection;
// returns the EDUs it activates most and the entity seeds with their weights (for
// explanations). No row at all means the scope has no projection in the GDS catalog.
// Entity seeds: key match (1.0), name match ($named: the scope's own BM25 over entity names,
// score / best, graph/recall/lexical.py) and name vector similarity,
// each divided by the sessions the entity occurs in, since a ubiquitous entity says little;
// entities the projection does not hold (speakers nobody mentions) are left out.
// An EDU that only asks counts $question_weight of its activation, a dated one $dated_weight,
// as in search.
// params: scope, edu_seeds, entity_keys, named, embedding, entity_pool, entity_min_similarity, entity_share, damping, iterations, relationship_types, question_weight, dated_weight, pool
CYPHER 25
MATCH (p:Projection {scope: $scope})
WHERE gds.graph.exists(p.graph)
WITH p.graph AS graph, [t IN $relationship_types WHERE t IN p.types] AS types
CALL () {
  UNWIND $edu_seeds AS seed
  MATCH (u:EDU {scope: $scope, id: seed.id})
  RETURN collect({node: u, weight: seed.weight}) AS edus
}
CALL () {
  MATCH (k:Entity {scope: $scope}) WHERE k.id IN $entity_keys
  RETURN collect({node: k, match: 1.0}) AS keyed
}
CALL () {
  MATCH (v:Entity)
    SEARCH v IN (VECTOR INDEX entity_exact_vector FOR $embedding WHERE v.scope = $scope
                 LIMIT $entity_pool) SCORE AS similarity
  WITH collect({node: v, match: similarity}) AS found
  RETURN [f IN found WHERE f.match >= $entity_min_similarity] AS similar
}
CALL () {
  UNWIND $named AS name
  MATCH (e:Entity {scope: $scope, id: name.id})
  RETURN collect({node: e, match: name.match}) AS named
}
CALL (keyed, similar, named) {
  UNWIND keyed + similar + named AS m
  WITH m.node AS e, max(m.match) AS match
  // Only entities the projection holds: one that only speaks (SAID_BY) is not in it.
  WHERE $entity_share > 0 AND (EXISTS { (e)<-[:MENTIONS]-(:EDU) } OR EXISTS { (e)-[:SIMILAR_TO]-() })
  RETURN collect({node: e, weight: match / coalesce(e.session_count, 1)}) AS entities
}
WITH graph, types, edus, entities,
     reduce(t = 0.0, s IN edus | t + s.weight) AS edu_total,
     reduce(t = 0.0, s IN entities | t + s.weight) AS entity_total
WITH graph, types, edus, entities, edu_total, entity_total,
     CASE WHEN entity_total = 0 THEN 1.0 WHEN edu_total = 0 THEN 0.0
          ELSE 1.0 - $entity_share END AS edu_mass
WITH graph, types, entities, entity_total, edu_mass,
     [s IN edus | [s.node, edu_mass * s.weight / edu_total]] +
     [s IN entities | [s.node, (1.0 - edu_mass) * s.weight / entity_total]] AS sources
OPTIONAL CALL (graph, types, sources) {
  WITH * WHERE size(sources) > 0 AND size(types) > 0
  CALL gds.pageRank.stream(graph, {
    sourceNodes: sources, dampingFactor: $damping, maxIterations: $iterations,
    relationshipWeightProperty: 'weight', relationshipTypes: types, concurrency: 1
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
RETURN coalesce(activated, []) AS activated,
       [s IN entities | {id: s.node.id, name: s.node.name,
                         weight: (1.0 - edu_mass) * s.weight / entity_total}] AS entity_seeds
