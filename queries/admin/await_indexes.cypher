// Block until every index is online (after creating them), or fail after $seconds.
// params: seconds
CALL db.awaitIndexes($seconds)
