// Delete one session with its turns and EDUs; returns the entities it mentioned.
// params: scope, id
MATCH (s:Session {scope: $scope, id: $id})
OPTIONAL MATCH (s)-[:HAS_EDU]->(:EDU)-[:MENTIONS|SAID_BY]->(e:Entity)
WITH s, collect(DISTINCT e.key) AS keys
OPTIONAL MATCH (s)-[:HAS_TURN|HAS_EDU]->(part)
DETACH DELETE part
WITH DISTINCT s, keys
DETACH DELETE s
RETURN keys
