// Neo4j Browser: one session with its turns, EDUs and the entities they mention.
// Set the parameters first, e.g. :param scope => 'conv-26'  and  :param session => 'conv-26/session_1'
// params: scope, session
MATCH (s:Session {scope: $scope, id: $session})-[ht:HAS_TURN]->(t:Turn)
OPTIONAL MATCH (t)<-[ft:FROM_TURN]-(u:EDU)<-[he:HAS_EDU]-(s)
OPTIONAL MATCH (u)-[m:MENTIONS]->(e:Entity)
RETURN s, ht, t, ft, u, he, m, e
