// Every scope that holds at least one session, with its session count.
// params: none
MATCH (s:Session)
RETURN s.scope AS scope, count(s) AS sessions
ORDER BY scope
