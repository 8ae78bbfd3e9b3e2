// Linking query phrases to entities by meaning, within one scope; kept as floats like
// edu_exact_vector.
// params: dimensions
CYPHER 25
CREATE VECTOR INDEX entity_exact_vector IF NOT EXISTS
FOR (n:Entity) ON n.embedding
WITH [n.scope]
OPTIONS {indexConfig: {`vector.dimensions`: $dimensions, `vector.similarity_function`: 'cosine',
                        `vector.quantization.enabled`: false}}
