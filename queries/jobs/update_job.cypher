// A job's progress: its state, counts (a re-embedding learns its total as it starts), per-session
// outcomes (JSON), error and, for an export, its result (the scope as hippograph JSONL).
// params: id, state, total, done, turns, edus, outcomes, error, result, finished_at
MATCH (j:Job {id: $id})
SET j.state = $state, j.total = $total, j.done = $done, j.turns = $turns, j.edus = $edus,
    j.outcomes = $outcomes, j.error = $error, j.result = $result, j.finished_at = $finished_at
