// Associative recall's propagation: seeds restart a weighted personalized PageRank; returns
// the EDUs it activates most and the entity seeds with their weights (for explanations).
// Seeds: EDUs found by search ($edu_seeds, weighted by their fused score) and entities linked
// from the question: key match (1.0), name match ($named: the scope's own BM25 over entity
// names, score / best, graph/recall/lexical.py) and name vector similarity, each divided by
// the sessions the entity occurs in, since a ubiquitous entity says little; entities the graph
// does not link (speakers nobody mentions) are left out. Entities share $entity_share of the
// restart mass, EDUs the rest.
// The graph, when $graph is null: the scope's warm projection while it holds at most
// $local_above relationships (always, when $local_above is null). Otherwise (local is true) no
// PageRank runs: the statement returns the seeds' neighbourhood as ENTITY_LINK edges
// [source, target, weight] (internal node ids, which GDS takes as they are: matching by
// elementId again made the projection 10 ms slower) for a per-question projection
// (recall/project_neighbourhood): the seeds, their entities and those entities' synonyms, the
// EDUs mentioning those (at most $fanout per entity, so that a hub costs no more than any
// other entity), and every entity of those EDUs, so that each EDU keeps all of its links.
// Weights as in gds/project_memory. A node with no link comes as [node, null, null], so that
// every seed is in the graph. Called again with that projection as $graph, it runs PageRank
// there and drops it.
// Neither a graph nor local: the scope has no projection in the GDS catalog.
// A projection that appends have left behind (stale: it lacks their EDUs) is not used while a
// preset may propagate locally, which reads what is stored now; the caller refreshes it.
// An EDU that only asks counts $question_weight of its activation, a dated one $dated_weight,
// as in search.
// params: scope, graph, edu_seeds, entity_keys, named, embedding, entity_pool, entity_min_similarity, entity_share, local_above, fanout, similar_weight, relationship_types, damping, iterations, question_weight, dated_weight, pool
CYPHER 25
OPTIONAL MATCH (p:Projection {scope: $scope})
WHERE $graph IS NULL AND p.graph IS NOT NULL AND gds.graph.exists(p.graph)
WITH p, coalesce(p.appends, 0) > coalesce(p.built_appends, 0) AS stale
WITH p, stale, $graph IS NULL AND $local_above IS NOT NULL
        AND (p IS NULL OR p.relationships > $local_above OR stale) AS local
WITH local, stale,
     CASE WHEN $graph IS NOT NULL THEN $graph WHEN NOT local THEN p.graph END AS graph,
     CASE WHEN $graph IS NOT NULL THEN ['ENTITY_LINK'] ELSE coalesce(p.types, []) END AS held
WITH local, stale, graph, [t IN $relationship_types WHERE t IN held] AS types
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
  WHERE $entity_share > 0 AND (EXISTS { (e)<-[:MENTIONS]-(:EDU) } OR EXISTS { (e)-[:SIMILAR_TO]-() })
  RETURN collect({node: e, weight: match / coalesce(e.session_count, 1)}) AS entities
}
WITH graph, types, local, stale, edus, entities,
     reduce(t = 0.0, s IN edus | t + s.weight) AS edu_total,
     reduce(t = 0.0, s IN entities | t + s.weight) AS entity_total
WITH graph, types, local, stale, edus, entities, edu_total, entity_total,
     CASE WHEN entity_total = 0 THEN 1.0 WHEN edu_total = 0 THEN 0.0
          ELSE 1.0 - $entity_share END AS edu_mass
WITH graph, types, local, stale,
     [s IN edus | {node: s.node, weight: edu_mass * s.weight / edu_total}] +
     [s IN entities | {node: s.node, weight: (1.0 - edu_mass) * s.weight / entity_total}]
       AS sources,
     [s IN entities | {id: s.node.id, name: s.node.name,
                       weight: (1.0 - edu_mass) * s.weight / entity_total}] AS entity_seeds
OPTIONAL CALL (local, sources) {
  WITH * WHERE local
  CALL (sources) {
    UNWIND sources AS source
    WITH source.node AS seed
    OPTIONAL MATCH (seed:EDU)-[:MENTIONS]->(its:Entity)
    WITH seed, collect(its) AS near
    UNWIND CASE WHEN seed:Entity THEN [seed] ELSE near END AS linked
    OPTIONAL MATCH (linked)-[:SIMILAR_TO]-(like:Entity)
    WITH collect(DISTINCT linked) + collect(DISTINCT like) AS hubs
    UNWIND hubs AS hub
    RETURN collect(DISTINCT hub) AS first
  }
  CALL (sources, first) {
    UNWIND first AS hub
    CALL (hub) {
      MATCH (hub)<-[:MENTIONS]-(mentioning:EDU)
      RETURN mentioning LIMIT $fanout
    }
    WITH collect(DISTINCT mentioning) AS mentioned
    UNWIND mentioned + [s IN sources WHERE s.node:EDU | s.node] AS unit
    RETURN collect(DISTINCT unit) AS reached
  }
  CALL (sources, first, reached) {
    UNWIND reached AS unit
    MATCH (unit)-[:MENTIONS]->(mentioned:Entity)
    RETURN [id(unit), id(mentioned), 1.0 / coalesce(mentioned.session_count, 1)] AS edge
    UNION ALL
    UNWIND first AS synonym
    MATCH (synonym)-[r:SIMILAR_TO]-(:Entity)
    WITH DISTINCT r
    RETURN [id(startNode(r)), id(endNode(r)), $similar_weight * r.score] AS edge
    UNION ALL
    UNWIND sources AS s
    RETURN [id(s.node), null, null] AS edge
  }
  RETURN collect(edge) AS edges
}
OPTIONAL CALL (graph, types, sources) {
  WITH * WHERE graph IS NOT NULL AND size(sources) > 0 AND size(types) > 0
  CALL gds.pageRank.stream(graph, {
    sourceNodes: [s IN sources | [s.node, s.weight]], dampingFactor: $damping,
    maxIterations: $iterations, relationshipWeightProperty: 'weight', relationshipTypes: types,
    concurrency: 1
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
  WITH * WHERE $graph IS NOT NULL
  CALL gds.graph.drop($graph, false) YIELD graphName
  RETURN graphName AS dropped
}
RETURN graph, local, stale, coalesce(activated, []) AS activated, entity_seeds,
       coalesce(edges, []) AS edges
