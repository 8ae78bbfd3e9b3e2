// One page of member EDU ids for each of several scenes ($pages: {key, parent, skip, limit}): the
// EDUs placed in the scene or in a scene below it, oldest first.
// params: scope, pages
UNWIND $pages AS page
CALL (page) {
  OPTIONAL MATCH (c:Scene {scope: $scope, id: page.parent})<-[:PART_OF*0..]-(:Scene)<-[:IN_SCENE]-(u:EDU)
  WITH u ORDER BY u.session_date, u.session, u.id
  RETURN collect(u.id) AS items
}
RETURN page.key AS key, items[page.skip..page.skip + page.limit] AS items
