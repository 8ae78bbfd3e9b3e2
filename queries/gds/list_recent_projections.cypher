// The scopes whose projections were built most recently: the ones a restarted server warms
// first.
// params: limit
MATCH (p:Projection)
WHERE p.built_at IS NOT NULL
RETURN p.scope AS scope
ORDER BY p.built_at DESC, p.scope
LIMIT $limit
