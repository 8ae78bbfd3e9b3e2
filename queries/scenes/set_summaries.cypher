// Summaries written by a chat model for a scope's scenes and personas, replacing the
// extractive ones; $summaries holds {kind: 'scene' | 'persona', id, summary, model}.
// params: scope, summaries
UNWIND $summaries AS s
CALL (s) {
  MATCH (n:Scene {scope: $scope, id: s.id}) WHERE s.kind = 'scene' RETURN n
  UNION
  MATCH (n:Persona {scope: $scope, id: s.id}) WHERE s.kind = 'persona' RETURN n
}
SET n.summary = s.summary, n.summarized_by = s.model
RETURN count(n) AS updated
