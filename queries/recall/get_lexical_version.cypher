// The generation of a scope's projection: what its in-memory lexical index was built at, if
// nothing was written since.
// params: scope
OPTIONAL MATCH (p:Projection {scope: $scope})
RETURN p.generation AS version
