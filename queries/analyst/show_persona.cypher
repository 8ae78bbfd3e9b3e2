// Neo4j Browser: a speaker's persona: the speaker entity, the statements of fact or preference it
// gathered and its dominant scenes. Set :param scope and :param speaker (a name, any case).
// params: scope, speaker
MATCH (p:Persona {scope: $scope})
WHERE toLower(p.name) = toLower($speaker) OR p.id = $speaker
OPTIONAL MATCH (p)-[o:OF]->(e:Entity)
OPTIONAL MATCH (p)-[s:STATES]->(u:EDU)
OPTIONAL MATCH (p)-[d:DOMINANT_SCENE]->(c:Scene)
RETURN p, o, e, s, u, d, c
