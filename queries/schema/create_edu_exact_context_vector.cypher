// Dense recall in context: EDU text with the turn before it ("<text> || previous: <turn>"),
// embedded by the same model; scoped and kept as floats like
// edu_exact_vector.
// params: dimensions
CYPHER 25
CREATE VECTOR INDEX edu_exact_context_vector IF NOT EXISTS
FOR (n:EDU) ON n.context_embedding
WITH [n.scope]
OPTIONS {indexConfig: {`vector.dimensions`: $dimensions, `vector.similarity_function`: 'cosine',
                        `vector.quantization.enabled`: false}}
