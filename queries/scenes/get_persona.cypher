// One speaker's persona by entity id or name (case-insensitive), with its dominant scenes and
// stated facts.
// params: scope, speaker
MATCH (p:Persona {scope: $scope})
WHERE p.id = $speaker OR toLower(p.name) = toLower($speaker)
WITH p LIMIT 1
CALL (p) {
  OPTIONAL MATCH (p)-[d:DOMINANT_SCENE]->(c:Scene)
  WITH c, d ORDER BY d.statements DESC, c.id
  RETURN collect(c {.id, .level, .size, .sessions, .start, .end, .top_entities, .summary,
                    .summarized_by, .parent_id}) AS scenes
}
CALL (p) {
  OPTIONAL MATCH (p)-[s:STATES]->(u:EDU)
  WITH u, s ORDER BY s.specificity DESC, u.id
  RETURN collect(u.text) AS facts
}
RETURN p {.id, .name, .statements, .sessions, .themes, .summary, .summarized_by} AS persona,
       scenes, facts
