// Ranked candidate EDUs (best first) through the caller's filters, the top $k of them with
// their source turns, context turns, session, scene, and the shortest path (over entities) to
// a seed of associative recall: the hit itself, an entity seed it mentions, one SIMILAR_TO
// hop further, or a seed EDU it shares an entity with (the least common entity first); paths
// longer than that are not searched (their cost grows with the hubs on the way); the seed EDUs
// are found first, so that the last kind joins two known nodes instead of walking every EDU of
// a hub entity (half the statement's time before). Paths of equal length: by their ids.
// Filter values that are null do not filter; $as_of keeps the EDUs valid on that day (held
// from then or before, not superseded by then). Each hit names what superseded it, if any.
// params: scope, ids, k, session, speaker, date_from, date_to, as_of, entity_seeds, edu_seeds
CYPHER 25
CALL () {
  MATCH (seed:EDU {scope: $scope}) WHERE seed.id IN $edu_seeds
  RETURN collect(seed) AS seeds
}
UNWIND range(0, size($ids) - 1) AS rank
MATCH (u:EDU {scope: $scope, id: $ids[rank]})
WHERE ($session IS NULL OR u.session = $session)
  AND ($speaker IS NULL OR any(s IN u.speakers WHERE toLower(s) = toLower($speaker)))
  AND ($date_from IS NULL OR coalesce(u.date_end, date(u.session_date)) >= $date_from)
  AND ($date_to IS NULL OR coalesce(u.date, date(u.session_date)) <= $date_to)
  AND ($as_of IS NULL OR (coalesce(u.valid_from, $as_of) <= $as_of
       AND (u.valid_to IS NULL OR u.valid_to > $as_of)))
WITH seeds, u, rank ORDER BY rank LIMIT $k
MATCH (s:Session {scope: $scope, id: u.session})
CALL (u) {
  MATCH (u)-[:FROM_TURN]->(t:Turn)
  WITH t ORDER BY t.position
  RETURN collect(t {.id, .source_id, .speaker, .text, .image_caption, .position}) AS turns
}
CALL (u) {
  OPTIONAL MATCH (t:Turn {scope: $scope}) WHERE t.id IN u.context_turn_ids
  WITH t ORDER BY t.position
  RETURN collect(t {.id, .source_id, .speaker, .text, .image_caption, .position}) AS context
}
CALL (u) {
  OPTIONAL MATCH (u)-[:IN_SCENE]->(c:Scene)
  RETURN c {.id, .level, .summary} AS scene LIMIT 1
}
CALL (u) {
  OPTIONAL MATCH (u)-[link:SUPERSEDED_BY]->(next:EDU)
  RETURN CASE WHEN next IS NULL THEN null
         ELSE {id: next.id, text: next.text, at: link.at, how: link.how,
               attribute: link.attribute} END AS superseded_by
  LIMIT 1
}
OPTIONAL CALL (u, seeds) {
  WITH u WHERE u.id IN $edu_seeds
  RETURN [u] AS path, 0 AS hops
  UNION
  MATCH (u)-[:MENTIONS]->(e:Entity) WHERE e.id IN $entity_seeds
  RETURN [u, e] AS path, 1 AS hops
  UNION
  MATCH (u)-[:MENTIONS]->(e:Entity)-[:SIMILAR_TO]-(s:Entity) WHERE s.id IN $entity_seeds
  RETURN [u, e, s] AS path, 2 AS hops
  UNION
  UNWIND seeds AS s
  MATCH (u)-[:MENTIONS]->(e:Entity)<-[:MENTIONS]-(s)
  RETURN [u, e, s] AS path, 3 - 1.0 / (1 + coalesce(e.session_count, 1)) AS hops
}
WITH u, rank, s, turns, context, scene, superseded_by, path
ORDER BY rank, hops, [n IN path | n.id]
WITH u, rank, s, turns, context, scene, superseded_by, collect(path)[0] AS path
RETURN u.id AS id, u.text AS text, u.speakers AS speakers, u.session AS session,
       s.started_at AS session_date, u.date AS date, u.date_end AS date_end,
       u.date_granularity AS date_granularity, u.date_expression AS date_expression,
       turns, context, scene, u.valid_from AS valid_from, u.valid_to AS valid_to, superseded_by,
       [n IN coalesce(path, []) | {kind: labels(n)[0], id: n.id, name: coalesce(n.name, n.text)}] AS path
ORDER BY rank
