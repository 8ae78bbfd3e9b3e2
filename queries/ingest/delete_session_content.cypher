// Before a session is written again: remove its turns and EDUs (the Session node stays).
// params: scope, id
MATCH (s:Session {scope: $scope, id: $id})
OPTIONAL MATCH (s)-[:HAS_TURN|HAS_EDU]->(part)
DETACH DELETE part
