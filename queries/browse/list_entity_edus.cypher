// One page of EDU ids for each of several entities ($pages: {key, parent, skip, limit}): the EDUs
// that mention the entity or were said by it, oldest session first, in turn order.
// params: scope, pages
UNWIND $pages AS page
CALL (page) {
  OPTIONAL MATCH (:Entity {scope: $scope, id: page.parent})<-[:MENTIONS|SAID_BY]-(u:EDU)-[:FROM_TURN]->(t:Turn)
  WITH u, min(t.position) AS position ORDER BY u.session_date, u.session, position, u.id
  RETURN collect(DISTINCT u.id) AS items
}
RETURN page.key AS key, items[page.skip..page.skip + page.limit] AS items
