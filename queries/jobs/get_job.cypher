// One ingest job by id.
// params: id
MATCH (j:Job {id: $id})
RETURN j {.id, .scope, .state, .total, .done, .turns, .edus, .outcomes, .error, .created_at,
          .finished_at, .owner} AS job
