// Replace the SUPERSEDED_BY links that leave these EDUs by $links ({earlier, later, at, how,
// attribute}), and set valid_to of each earlier EDU to when it was superseded (none: valid).
// params: scope, ids, links
CALL () {
  MATCH (u:EDU {scope: $scope}) WHERE u.id IN $ids
  OPTIONAL MATCH (u)-[r:SUPERSEDED_BY]->()
  DELETE r
  WITH DISTINCT u
  SET u.valid_to = null
}
UNWIND $links AS link
MATCH (a:EDU {scope: $scope, id: link.earlier})
MATCH (b:EDU {scope: $scope, id: link.later})
CREATE (a)-[:SUPERSEDED_BY {at: link.at, how: link.how, attribute: link.attribute}]->(b)
SET a.valid_to = link.at
