// Leiden communities of the scope's projection as Scene nodes, one per community and level
// (level 0 the finest) with at least $min_size EDUs. $rows are what gds.leiden.stream yields
// with includeIntermediateCommunities (the graphdatascience client runs it; see
// graph/gds/scenes.py): {node: nodeId, ids: intermediateCommunityIds}. Each EDU joins
// (IN_SCENE) the finest scene it belongs to; each scene names the community that holds it one
// level up (parent_id, linked by scenes/link_scenes).
// params: scope, rows, min_size
UNWIND $rows AS row
WITH gds.util.asNode(row.node) AS n, row.ids AS ids
// A node deleted since Leiden ran is null here, and left out.
WHERE n:EDU AND n.scope = $scope
WITH collect({edu: n, ids: ids}) AS rows
CALL (rows) {
  UNWIND rows AS r
  UNWIND range(0, size(r.ids) - 1) AS level
  WITH level, r.ids[level] AS community, r.ids[level + 1] AS parent, count(*) AS shared
  // Leiden's levels need not nest exactly: a community's parent is where most of it went.
  WITH level, community, parent, shared ORDER BY shared DESC, parent
  WITH level, community, collect(parent)[0] AS parent, sum(shared) AS members
  WHERE members >= $min_size
  CREATE (c:Scene {scope: $scope, id: 'L' + level + '-' + community})
  SET c.level = level, c.size = members,
      c.parent_id = CASE WHEN parent IS NULL THEN null ELSE 'L' + (level + 1) + '-' + parent END
  WITH level, count(c) AS scenes
  RETURN collect({level: level, scenes: scenes}) AS made
}
CALL (rows) {
  UNWIND rows AS r
  WITH r.edu AS u, [level IN range(0, size(r.ids) - 1) | 'L' + level + '-' + r.ids[level]] AS ids
  MATCH (c:Scene {scope: $scope}) WHERE c.id IN ids
  WITH u, c ORDER BY c.level
  WITH u, collect(c)[0] AS finest
  CREATE (u)-[:IN_SCENE]->(finest)
  RETURN count(*) AS placed
}
UNWIND made AS m
RETURN m.level AS level, m.scenes AS scenes, placed
ORDER BY level
