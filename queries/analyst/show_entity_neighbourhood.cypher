// Neo4j Browser: an entity (by name, any case), the EDUs that mention it and the other entities
// those EDUs mention; draw it as a graph. Set the parameters first, e.g.
//   :param scope => 'sample'
//   :param entity => 'Bubbles'
// params: scope, entity
MATCH (e:Entity {scope: $scope})
WHERE toLower(e.name) = toLower($entity) OR e.id = $entity
WITH e ORDER BY e.edu_count DESC LIMIT 1
MATCH (e)<-[m:MENTIONS]-(u:EDU)
OPTIONAL MATCH (u)-[o:MENTIONS]->(other:Entity)
OPTIONAL MATCH (e)-[s:SIMILAR_TO]-(similar:Entity)
RETURN e, m, u, o, other, s, similar
