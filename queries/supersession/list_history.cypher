// What a scope's statements say about one subject (an entity's id, or its name in any case),
// attribute by attribute (only $attribute, unless null), in the order they were said: value,
// validity and successor.
// params: scope, entity, attribute, limit
OPTIONAL MATCH (e:Entity {scope: $scope})
WHERE e.id = $entity OR toLower(e.name) = toLower($entity)
WITH coalesce(e.id, $entity) AS subject
ORDER BY subject LIMIT 1
MATCH (u:EDU {scope: $scope})
WHERE u.frame_subject = subject AND ($attribute IS NULL OR u.frame_attribute = $attribute)
CALL (u) {
  MATCH (u)-[:FROM_TURN]->(t:Turn)
  RETURN min(t.position) AS position
}
OPTIONAL MATCH (u)-[link:SUPERSEDED_BY]->(next:EDU)
RETURN u.id AS id, u.text AS text, u.session AS session_id, u.session_date AS session_date,
       u.frame_attribute AS attribute, u.frame_value AS value, u.frame_ends AS ended,
       u.valid_from AS valid_from, u.valid_to AS valid_to, next.id AS superseded_by,
       link.how AS how
ORDER BY attribute, u.session_date, u.session, position, u.id
LIMIT $limit
