// Neo4j Browser: what was said about an entity, in time order, as a table: when, who, what, and
// the session it came from. Set :param scope and :param entity (a name, any case) first.
// params: scope, entity
MATCH (e:Entity {scope: $scope})
WHERE toLower(e.name) = toLower($entity) OR e.id = $entity
MATCH (e)<-[:MENTIONS]-(u:EDU)
RETURN coalesce(u.date, date(u.session_date)) AS day, u.speakers AS speakers, u.text AS edu,
       u.session AS session
ORDER BY day, session, u.id
