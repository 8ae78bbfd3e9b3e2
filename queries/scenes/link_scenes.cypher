// Each scene PART_OF the scene one level up that holds it.
// params: scope
MATCH (c:Scene {scope: $scope}) WHERE c.parent_id IS NOT NULL
MATCH (p:Scene {scope: $scope, id: c.parent_id})
MERGE (c)-[:PART_OF]->(p)
RETURN count(*) AS links
