// Benchmarks only: a scope's EDU texts with the source id of their first turn, to compare the
// EDUs of one conversation stored two ways (evaluation/parity.py).
// params: scope
MATCH (u:EDU {scope: $scope})-[:FROM_TURN]->(t:Turn)
WITH u, min(t.position) AS first, collect(t) AS turns
RETURN u.session AS session, [t IN turns WHERE t.position = first][0].source_id AS turn,
       u.text AS text
ORDER BY session, first, text
