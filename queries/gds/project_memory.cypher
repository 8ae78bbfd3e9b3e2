// One scope's memory graph as a GDS projection, undirected and weighted: EDUs, entities, turns
// and scenes. A MENTIONS edge weighs 1 / (sessions the entity occurs in): an entity of every
// session says little, so activation should not pour through it. SAID_BY is left out (the
// speaker would join everything they said). Turns (FROM_TURN, NEXT) keep the EDUs of one
// exchange together for Leiden; recall leaves them out (see graph/recall/presets.py).
// params: scope, graph, similar_weight, turn_weight, next_weight, scene_weight
CALL () {
  MATCH (u:EDU {scope: $scope})-[:MENTIONS]->(e:Entity)
  RETURN u AS source, e AS target, 'MENTIONS' AS type,
         1.0 / coalesce(e.session_count, 1) AS weight
  UNION ALL
  MATCH (a:Entity {scope: $scope})-[r:SIMILAR_TO]->(b:Entity)
  RETURN a AS source, b AS target, 'SIMILAR_TO' AS type, $similar_weight * r.score AS weight
  UNION ALL
  MATCH (u:EDU {scope: $scope})-[:FROM_TURN]->(t:Turn)
  RETURN u AS source, t AS target, 'FROM_TURN' AS type, $turn_weight AS weight
  UNION ALL
  MATCH (t:Turn {scope: $scope})-[:NEXT]->(n:Turn)
  RETURN t AS source, n AS target, 'NEXT' AS type, $next_weight AS weight
  UNION ALL
  MATCH (u:EDU {scope: $scope})-[:IN_SCENE]->(s:Scene)
  RETURN u AS source, s AS target, 'IN_SCENE' AS type, $scene_weight AS weight
}
WITH gds.graph.project($graph, source, target, {
       sourceNodeLabels: labels(source), targetNodeLabels: labels(target),
       relationshipType: type, relationshipProperties: {weight: weight}
     }, {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.graphName AS graph, g.nodeCount AS nodes, g.relationshipCount AS relationships
