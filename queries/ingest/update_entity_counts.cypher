// How many sessions and EDUs mention each entity (recall weighs seeds by specificity).
// params: scope, keys
MATCH (e:Entity {scope: $scope})
WHERE e.id IN $keys
CALL (e) {
  MATCH (e)<-[:MENTIONS|SAID_BY]-(u:EDU)
  RETURN count(DISTINCT u.session) AS sessions, count(DISTINCT u) AS edus
}
SET e.session_count = sessions, e.edu_count = edus
