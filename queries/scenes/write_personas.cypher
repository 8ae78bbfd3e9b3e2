// One Persona per speaker of the scope, linked to the speaker's entity (OF), to the top-level
// scenes holding most of what they said (DOMINANT_SCENE) and to their most specific
// first-person statements of facts and preferences (STATES): EDUs that start with their name
// and contain one of $fact_markers, ranked by the specificity of the entities they mention.
// params: scope, dominant_scenes, facts, fact_markers
MATCH (speaker:Entity {scope: $scope})<-[:SAID_BY]-(said:EDU)
WITH speaker, count(said) AS statements, count(DISTINCT said.session) AS sessions
CREATE (p:Persona {scope: $scope, id: speaker.id})
SET p.name = speaker.name, p.statements = statements, p.sessions = sessions
CREATE (p)-[:OF]->(speaker)
WITH p, speaker
CALL (p, speaker) {
  MATCH (speaker)<-[:SAID_BY]-(u:EDU)-[:IN_SCENE]->(:Scene)-[:PART_OF]->{0, 10}(c:Scene)
  WHERE c.parent_id IS NULL
  WITH c, count(u) AS n ORDER BY n DESC, c.id LIMIT $dominant_scenes
  CREATE (p)-[:DOMINANT_SCENE {statements: n}]->(c)
  RETURN collect(c.top_entities[0]) AS themes
}
CALL (p, speaker) {
  MATCH (speaker)<-[:SAID_BY]-(u:EDU)
  WHERE u.text STARTS WITH speaker.name + ' '
    AND any(marker IN $fact_markers WHERE toLower(u.text) CONTAINS marker)
  OPTIONAL MATCH (u)-[:MENTIONS]->(e:Entity) WHERE e <> speaker
  WITH u, sum(1.0 / coalesce(e.session_count, 1)) AS specificity
  ORDER BY specificity DESC, u.id LIMIT $facts
  CREATE (p)-[:STATES {specificity: specificity}]->(u)
  RETURN collect(u.text) AS facts
}
SET p.themes = [t IN themes WHERE t IS NOT NULL],
    p.summary = p.name + ': ' + p.statements + ' statements in ' + p.sessions + ' sessions. ' +
      CASE WHEN size(themes) > 0
        THEN 'Talks most about ' + reduce(s = '', t IN [t IN themes WHERE t IS NOT NULL] |
               s + CASE WHEN s = '' THEN '' ELSE ', ' END + t) + '. ' ELSE '' END +
      reduce(s = '', f IN facts[..3] | s + f + ' '),
    p.summarized_by = 'extractive'
RETURN count(p) AS personas
