// A session's turns in order: HAS_TURN from the session, NEXT from each turn to the next.
// params: scope, session, turns
MATCH (s:Session {scope: $scope, id: $session})
UNWIND range(0, size($turns) - 1) AS i
WITH s, i, $turns[i] AS t
CREATE (turn:Turn {scope: $scope, id: t.id})
SET turn.source_id = t.source_id, turn.position = i, turn.speaker = t.speaker,
    turn.role = t.role, turn.text = t.text, turn.image_caption = t.image_caption,
    turn.timestamp = t.timestamp, turn.name = t.speaker + ': ' + left(t.text, 60)
CREATE (s)-[:HAS_TURN]->(turn)
WITH s, collect(turn) AS turns
UNWIND range(0, size(turns) - 2) AS i
WITH turns[i] AS a, turns[i + 1] AS b
CREATE (a)-[:NEXT]->(b)
