// One page of turns for each of several sessions ($pages: {key, parent, skip, limit}), in order.
// params: scope, pages
UNWIND $pages AS page
CALL (page) {
  OPTIONAL MATCH (:Session {scope: $scope, id: page.parent})-[:HAS_TURN]->(t:Turn)
  WITH t ORDER BY t.position
  RETURN collect(t {.id, .source_id, .speaker, .text, .image_caption, .position, .role,
                   .timestamp}) AS items
}
RETURN page.key AS key, items[page.skip..page.skip + page.limit] AS items
