// Turns added after a session's stored ones: positions from $start on, NEXT from the last
// stored turn to the first new one and between the new ones; the session's count follows.
// params: scope, session, start, turns
MATCH (s:Session {scope: $scope, id: $session})
OPTIONAL MATCH (s)-[:HAS_TURN]->(last:Turn {position: $start - 1})
UNWIND range(0, size($turns) - 1) AS i
WITH s, last, i, $turns[i] AS t
CREATE (turn:Turn {scope: $scope, id: t.id})
SET turn.source_id = t.source_id, turn.position = $start + i, turn.speaker = t.speaker,
    turn.role = t.role, turn.text = t.text, turn.image_caption = t.image_caption,
    turn.timestamp = t.timestamp, turn.name = t.speaker + ': ' + left(t.text, 60)
CREATE (s)-[:HAS_TURN]->(turn)
WITH s, last, collect(turn) AS turns
SET s.turn_count = $start + size(turns)
WITH last, turns, CASE WHEN last IS NULL THEN turns ELSE [last] + turns END AS chain
UNWIND range(0, size(chain) - 2) AS i
WITH chain[i] AS a, chain[i + 1] AS b
CREATE (a)-[:NEXT]->(b)
