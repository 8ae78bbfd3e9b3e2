// A job's progress: its state, counts, per-session outcomes (JSON) and error.
// params: id, state, done, turns, edus, outcomes, error, finished_at
MATCH (j:Job {id: $id})
SET j.state = $state, j.done = $done, j.turns = $turns, j.edus = $edus,
    j.outcomes = $outcomes, j.error = $error, j.finished_at = $finished_at
