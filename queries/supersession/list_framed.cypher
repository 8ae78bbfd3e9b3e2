// The statements of a scope about one subject and attribute (a frame key), in the order said.
// params: scope, key, limit
MATCH (u:EDU {scope: $scope, frame_key: $key})
RETURN u.id AS id
ORDER BY u.session_date, u.session, u.id
LIMIT $limit
