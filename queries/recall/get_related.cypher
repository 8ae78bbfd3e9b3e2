// What surrounds one entity (by id or case-insensitive name): personalized PageRank from it
// over the scope's warm projection; the most activated other entities and EDUs.
// params: scope, graph, entity, relationship_types, damping, limit
MATCH (e:Entity {scope: $scope})
WHERE e.id = $entity OR toLower(e.name) = toLower($entity)
WITH e ORDER BY e.id = $entity DESC, coalesce(e.edu_count, 0) DESC LIMIT 1
CALL gds.pageRank.stream($graph, {
  sourceNodes: [e], dampingFactor: $damping, maxIterations: 20,
  relationshipWeightProperty: 'weight', relationshipTypes: $relationship_types, concurrency: 1
}) YIELD nodeId, score
WITH e, nodeId, score ORDER BY score DESC LIMIT 50 * $limit
WITH e, gds.util.asNode(nodeId) AS n, score
WHERE n <> e AND (n:Entity OR n:EDU) AND score > 0
WITH e, n, score ORDER BY score DESC, n.id
WITH e,
     collect(CASE WHEN n:Entity THEN {id: n.id, name: n.name, type: n.type, score: score} END)
       AS entities,
     collect(CASE WHEN n:EDU THEN {id: n.id, text: n.text, session: n.session, score: score} END)
       AS edus
RETURN e.id AS id, e.name AS name, e.type AS type, entities[..$limit] AS entities,
       edus[..$limit] AS edus
