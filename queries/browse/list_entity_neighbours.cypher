// One page of neighbours for each of several entities ($pages: {key, parent, skip, limit}): the
// entities mentioned in the same EDUs (most shared EDUs first) and the ones SIMILAR_TO it.
// params: scope, pages
UNWIND $pages AS page
OPTIONAL CALL (page) {
  MATCH (e:Entity {scope: $scope, id: page.parent})
  CALL (e) {
    MATCH (e)<-[:MENTIONS]-(u:EDU)-[:MENTIONS]->(n:Entity)
    WHERE n <> e
    RETURN n, count(DISTINCT u) AS shared, null AS similarity
    UNION
    MATCH (e)-[s:SIMILAR_TO]-(n:Entity)
    RETURN n, 0 AS shared, s.score AS similarity
  }
  WITH n, sum(shared) AS shared, max(similarity) AS similarity
  ORDER BY shared DESC, similarity DESC, n.id
  RETURN collect(n {.id, .name, .type, .aliases, .session_count, .edu_count,
                    shared_edus: shared, similarity: similarity}) AS items
}
RETURN page.key AS key, coalesce(items, [])[page.skip..page.skip + page.limit] AS items
