// Record each migrated session's input hash.
// params: rows
UNWIND $rows AS row
MATCH (s:Session {scope: row.scope, id: row.id})
SET s.input_hash = row.input_hash
