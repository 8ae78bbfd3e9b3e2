// Jobs not finished (pending or running) and the process that runs them ("host:pid:run").
// params: none
MATCH (j:Job) WHERE j.state IN ['pending', 'running']
RETURN j.id AS id, j.owner AS owner
ORDER BY j.created_at
