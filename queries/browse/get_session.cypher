// One session by its stored id (<conversation>/<id>), with its sizes: no row when absent.
// params: scope, id
MATCH (s:Session {scope: $scope, id: $id})
RETURN s.id AS id, s.conversation AS conversation, s.source_id AS source_id,
       s.started_at AS started_at,
       COUNT { (s)-[:HAS_TURN]->() } AS turn_count,
       COUNT { (s)-[:HAS_EDU]->() } AS edu_count
