// Timelines and "when" questions order and filter sessions by start time.
// params: none
CREATE INDEX session_time IF NOT EXISTS
FOR (n:Session) ON (n.started_at)
