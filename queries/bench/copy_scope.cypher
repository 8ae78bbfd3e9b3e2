// Benchmarks only: copy a scope's sessions, turns, EDUs and entities with their relationships
// into another scope, every id suffixed with $suffix, to grow a graph without re-ingesting.
// Embeddings are not copied (scenes and projections do not read them), so the copies cost no
// vector indexing.
// params: source, target, suffix
CALL () {
  MATCH (e:Entity {scope: $source})
  CREATE (:Entity {scope: $target, id: e.id + $suffix, key: e.key + $suffix, name: e.name,
                   type: e.type, session_count: e.session_count, edu_count: e.edu_count})
  RETURN count(*) AS entities
}
CALL () {
  MATCH (s:Session {scope: $source})
  CREATE (c:Session {scope: $target, id: s.id + $suffix, started_at: s.started_at,
                     conversation: s.conversation, source_id: s.source_id})
  WITH s, c
  MATCH (s)-[:HAS_TURN]->(t:Turn)
  CREATE (c)-[:HAS_TURN]->(:Turn {scope: $target, id: t.id + $suffix, source_id: t.source_id,
                                  speaker: t.speaker, text: t.text, position: t.position})
  RETURN count(*) AS turns
}
CALL () {
  MATCH (a:Turn {scope: $source})-[:NEXT]->(b:Turn)
  MATCH (x:Turn {scope: $target, id: a.id + $suffix}), (y:Turn {scope: $target, id: b.id + $suffix})
  CREATE (x)-[:NEXT]->(y)
  RETURN count(*) AS next
}
CALL () {
  MATCH (s:Session {scope: $source})-[:HAS_EDU]->(u:EDU)
  MATCH (c:Session {scope: $target, id: s.id + $suffix})
  CREATE (c)-[:HAS_EDU]->(v:EDU {scope: $target, id: u.id + $suffix, session: u.session + $suffix,
                                 text: u.text, speakers: u.speakers, turn_ids: u.turn_ids,
                                 session_date: u.session_date, date: u.date,
                                 date_end: u.date_end})
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
RETURN entities, turns, next, edus, similar
