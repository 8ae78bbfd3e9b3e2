// One scope's memory graph as a GDS projection, undirected and weighted, with three
// relationship types so that algorithms can choose: ENTITY_LINK (EDU MENTIONS Entity, weighing
// 1 / the sessions the entity occurs in: an entity of every session says little; Entity
// SIMILAR_TO Entity, weighing its cosine score), TURN_LINK (EDU FROM_TURN Turn: EDUs of one turn
// stay together) and SCENE_LINK (EDU IN_SCENE Scene). SAID_BY is left out: the speaker would
// join everything they said. Each projected type with a property costs the GDS heap a fixed
// amount, hence few types, and one read thread (four reserve four times the buffers).
// params: scope, graph, similar_weight, turn_weight, scene_weight
CALL () {
  MATCH (u:EDU {scope: $scope})-[:MENTIONS]->(e:Entity)
  RETURN u AS source, e AS target, 'ENTITY_LINK' AS type,
         1.0 / coalesce(e.session_count, 1) AS weight
  UNION ALL
  MATCH (a:Entity {scope: $scope})-[r:SIMILAR_TO]->(b:Entity)
  RETURN a AS source, b AS target, 'ENTITY_LINK' AS type, $similar_weight * r.score AS weight
  UNION ALL
  MATCH (u:EDU {scope: $scope})-[:FROM_TURN]->(t:Turn)
  RETURN u AS source, t AS target, 'TURN_LINK' AS type, $turn_weight AS weight
  UNION ALL
  MATCH (u:EDU {scope: $scope})-[:IN_SCENE]->(s:Scene)
  RETURN u AS source, s AS target, 'SCENE_LINK' AS type, $scene_weight AS weight
}
WITH gds.graph.project($graph, source, target, {
       sourceNodeLabels: labels(source), targetNodeLabels: labels(target),
       relationshipType: type, relationshipProperties: {weight: weight}
     }, {undirectedRelationshipTypes: ['*'], readConcurrency: 1}) AS g
RETURN g.graphName AS graph, g.nodeCount AS nodes, g.relationshipCount AS relationships
