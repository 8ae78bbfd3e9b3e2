// A new job of a scope (kind 'ingest' or 'export'), pending, with one outcome per session it
// will store, and the process that runs it ("host:pid:run"), so that a restart can tell a job
// whose process died.
// params: id, scope, kind, total, outcomes, created_at, owner
CREATE (j:Job {id: $id})
SET j.scope = $scope, j.kind = $kind, j.state = 'pending', j.total = $total, j.done = 0,
    j.turns = 0, j.edus = 0, j.outcomes = $outcomes, j.created_at = $created_at, j.error = null,
    j.owner = $owner
