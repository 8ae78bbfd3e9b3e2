// For each of these EDUs that was superseded: the statement that is valid now at the end of
// its chain of SUPERSEDED_BY links.
// params: scope, ids
MATCH (u:EDU {scope: $scope})-[:SUPERSEDED_BY]->()
WHERE u.id IN $ids
MATCH (u)-[:SUPERSEDED_BY]->+(current:EDU)
WHERE NOT (current)-[:SUPERSEDED_BY]->()
RETURN u.id AS id, current.id AS current
