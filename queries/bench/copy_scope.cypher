// Benchmarks only: copy a scope's sessions, turns, EDUs, entities and embedding model record with
// every property and relationship into another scope, every id suffixed with $suffix, to grow a graph without
// re-ingesting. $noise null copies no embeddings (scenes and projections do not read them, and
// the copies then cost no vector indexing); a number copies them perturbed, each component
// moved by up to ±$noise/2, so that copies are near, not equal, neighbours of their source.
// $sessions names the source sessions to copy, with the entities their EDUs link (null: all).
// params: source, target, target_token, suffix, noise, sessions
CALL () {
  MATCH (e:Entity {scope: $source})
  WHERE $sessions IS NULL OR EXISTS {
    (e)<-[:MENTIONS|SAID_BY]-(:EDU)<-[:HAS_EDU]-(s:Session) WHERE s.id IN $sessions
  }
  CREATE (c:Entity)
  SET c = e {.*, scope: $target, scope_token: $target_token, id: e.id + $suffix,
             key: e.key + $suffix,
             embedding: CASE WHEN $noise IS NOT NULL AND e.embedding IS NOT NULL
                             THEN [x IN e.embedding | x + $noise * (rand() - 0.5)] END}
  RETURN count(*) AS entities
}
CALL () {
  MATCH (s:Session {scope: $source})
  WHERE $sessions IS NULL OR s.id IN $sessions
  CREATE (c:Session)
  SET c = s {.*, scope: $target, id: s.id + $suffix}
  WITH s, c
  MATCH (s)-[:HAS_TURN]->(t:Turn)
  CREATE (c)-[:HAS_TURN]->(u:Turn)
  SET u = t {.*, scope: $target, id: t.id + $suffix}
  RETURN count(*) AS turns
}
CALL () {
  MATCH (a:Turn {scope: $source})-[:NEXT]->(b:Turn)
  WHERE $sessions IS NULL OR EXISTS { (s:Session)-[:HAS_TURN]->(a) WHERE s.id IN $sessions }
  MATCH (x:Turn {scope: $target, id: a.id + $suffix}), (y:Turn {scope: $target, id: b.id + $suffix})
  CREATE (x)-[:NEXT]->(y)
  RETURN count(*) AS next
}
CALL () {
  MATCH (s:Session {scope: $source})-[:HAS_EDU]->(u:EDU)
  WHERE $sessions IS NULL OR s.id IN $sessions
  MATCH (c:Session {scope: $target, id: s.id + $suffix})
  CREATE (c)-[:HAS_EDU]->(v:EDU)
  SET v = u {.*, scope: $target, scope_token: $target_token, id: u.id + $suffix,
             session: u.session + $suffix,
             turn_ids: [t IN u.turn_ids | t + $suffix],
             context_turn_ids: [t IN u.context_turn_ids | t + $suffix],
             embedding: CASE WHEN $noise IS NOT NULL
                             THEN [x IN u.embedding | x + $noise * (rand() - 0.5)] END,
             context_embedding: CASE WHEN $noise IS NOT NULL AND u.context_embedding IS NOT NULL
                                     THEN [x IN u.context_embedding | x + $noise * (rand() - 0.5)]
                                END}
  WITH u, v
  CALL (u, v) {
    MATCH (u)-[:FROM_TURN]->(t:Turn)
    MATCH (t2:Turn {scope: $target, id: t.id + $suffix})
    CREATE (v)-[:FROM_TURN]->(t2)
  }
  CALL (u, v) {
    MATCH (u)-[r:MENTIONS|SAID_BY]->(e:Entity)
    MATCH (e2:Entity {scope: $target, id: e.id + $suffix})
    CALL (r, v, e2) {
      WITH * WHERE type(r) = 'MENTIONS'
      CREATE (v)-[:MENTIONS {role: r.role}]->(e2)
    }
    CALL (r, v, e2) {
      WITH * WHERE type(r) = 'SAID_BY'
      CREATE (v)-[:SAID_BY]->(e2)
    }
  }
  RETURN count(*) AS edus
}
CALL () {
  MATCH (a:Entity {scope: $source})-[r:SIMILAR_TO]->(b:Entity)
  MATCH (x:Entity {scope: $target, id: a.id + $suffix}), (y:Entity {scope: $target, id: b.id + $suffix})
  CREATE (x)-[:SIMILAR_TO {score: r.score}]->(y)
  RETURN count(*) AS similar
}
CALL () {
  // The model that embedded the source, so that the copy is searched with it.
  OPTIONAL MATCH (m:EmbeddingModel {scope: $source})
  FOREACH (x IN CASE WHEN m IS NULL THEN [] ELSE [m] END |
    MERGE (c:EmbeddingModel {scope: $target})
    SET c = x {.*, scope: $target})
  RETURN count(m) AS models
}
RETURN entities, turns, next, edus, similar
