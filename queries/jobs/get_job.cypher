// One job by id (jobs from before kinds existed are ingest jobs).
// params: id
MATCH (j:Job {id: $id})
RETURN j {.id, .scope, kind: coalesce(j.kind, 'ingest'), .state, .total, .done, .turns, .edus,
          .outcomes, .error, .result, .created_at, .finished_at, .owner} AS job
