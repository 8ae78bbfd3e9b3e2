// One page of EDU ids for each of several sessions ($pages: {key, parent, skip, limit}), in the
// order of their first source turn.
// params: scope, pages
UNWIND $pages AS page
CALL (page) {
  OPTIONAL MATCH (:Session {scope: $scope, id: page.parent})-[:HAS_EDU]->(u:EDU)-[:FROM_TURN]->(t:Turn)
  WITH u, min(t.position) AS position ORDER BY position, u.id
  RETURN collect(u.id) AS items
}
RETURN page.key AS key, items[page.skip..page.skip + page.limit] AS items
