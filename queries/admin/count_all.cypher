// Nodes per label and relationships per type in the whole database (all scopes).
// params: none
CALL () {
  MATCH (n) RETURN 'node' AS kind, labels(n)[0] AS name, count(*) AS count
  UNION ALL
  MATCH ()-[r]->() RETURN 'relationship' AS kind, type(r) AS name, count(*) AS count
}
RETURN kind, name, count
