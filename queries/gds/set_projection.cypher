// Point the scope at a newly built projection, unless a newer one was built meanwhile; keep
// its node labels and relationship types (algorithms may only name ones it has), and the count
// of appends it holds ($appends, read before it was built: appends after it leave it stale).
// A refresh after a write that rewrote the scope (not an append) records its generation as
// `rewritten`, which a lexical index is built at (graph/recall/lexical.py).
// params: scope, graph, generation, nodes, relationships, appends, rewritten
CALL gds.graph.list($graph) YIELD schema
WITH keys(schema.relationships) AS types, keys(schema.nodes) AS labels
MERGE (p:Projection {scope: $scope})
WITH p, types, labels, coalesce(p.generation, -1) < $generation AS newer
SET p.graph = CASE WHEN newer THEN $graph ELSE p.graph END,
    p.generation = CASE WHEN newer THEN $generation ELSE p.generation END,
    p.nodes = CASE WHEN newer THEN $nodes ELSE p.nodes END,
    p.relationships = CASE WHEN newer THEN $relationships ELSE p.relationships END,
    p.types = CASE WHEN newer THEN types ELSE p.types END,
    p.labels = CASE WHEN newer THEN labels ELSE p.labels END,
    p.built_at = CASE WHEN newer THEN datetime() ELSE p.built_at END,
    p.built_appends = CASE WHEN newer THEN $appends ELSE p.built_appends END,
    p.rewritten = CASE WHEN $rewritten AND coalesce(p.rewritten, -1) < $generation
                       THEN $generation ELSE p.rewritten END
RETURN p.graph AS graph, types, labels
