// The (subject, attribute) keys that statements of these sessions have frames for.
// params: scope, sessions
MATCH (u:EDU {scope: $scope})
WHERE u.session IN $sessions AND u.frame_key IS NOT NULL
RETURN DISTINCT u.frame_subject AS subject, u.frame_attribute AS attribute
