// Entities of a scope that no EDU mentions or is said by any more.
// params: scope
MATCH (e:Entity {scope: $scope})
WHERE NOT (e)<-[:MENTIONS|SAID_BY]-(:EDU)
DETACH DELETE e
RETURN count(e) AS deleted
