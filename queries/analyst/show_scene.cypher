// Neo4j Browser: one Leiden scene, the scene above it, the scenes below it, the EDUs placed in
// any of them and the entities those EDUs mention. List scene ids with `hippograph scenes list`
// or: MATCH (c:Scene {scope: $scope}) RETURN c.id, c.level, c.size, c.summary ORDER BY c.size DESC
// then :param scene => 'L0-12'
// params: scope, scene
MATCH (c:Scene {scope: $scope, id: $scene})
OPTIONAL MATCH (c)-[p:PART_OF]->(parent:Scene)
OPTIONAL MATCH (c)<-[below:PART_OF*0..]-(s:Scene)<-[i:IN_SCENE]-(u:EDU)
OPTIONAL MATCH (u)-[m:MENTIONS]->(e:Entity)
RETURN c, p, parent, below, s, i, u, m, e
