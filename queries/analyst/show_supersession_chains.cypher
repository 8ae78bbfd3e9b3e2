// Neo4j Browser: how an entity's facts changed (an entity by name, any case): each chain of its
// statements, from the first to the one valid now, linked by SUPERSEDED_BY {at, how,
// attribute}; draw it as a graph. Set the parameters first, e.g.
//   :param scope => 'sample'
//   :param entity => 'Ana'
// params: scope, entity
MATCH (e:Entity {scope: $scope})
WHERE toLower(e.name) = toLower($entity) OR e.id = $entity
WITH e ORDER BY e.edu_count DESC LIMIT 1
MATCH (first:EDU {scope: $scope})
WHERE first.frame_subject = e.id AND NOT ()-[:SUPERSEDED_BY]->(first)
MATCH chain = (first)-[:SUPERSEDED_BY]->+(now:EDU)
WHERE NOT (now)-[:SUPERSEDED_BY]->()
RETURN e, chain
ORDER BY first.valid_from, length(chain) DESC
