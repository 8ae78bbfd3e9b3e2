// An append's entities counted in place: $counts holds per key the new EDUs that mention it
// (or that its person said); a session counts once, when no EDU stored before mentioned it.
// The search for an earlier mention stops at the first one found.
// params: scope, session, new_edus, counts
UNWIND $counts AS c
MATCH (e:Entity {scope: $scope, id: c.key})
WITH e, c, EXISTS {
  MATCH (e)<-[:MENTIONS|SAID_BY]-(u:EDU)
  WHERE u.session = $session AND NOT u.id IN $new_edus
} AS seen
SET e.edu_count = coalesce(e.edu_count, 0) + c.edus,
    e.session_count = coalesce(e.session_count, 0) + CASE WHEN seen THEN 0 ELSE 1 END
