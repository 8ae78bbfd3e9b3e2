// Dense recall: cosine k-NN over EDU embeddings, filtered to one scope inside the index
// (Cypher 25 SEARCH), so a scope's top k is not crowded out by other scopes. Vectors are kept
// as floats, not quantized: Lucene quantizes with bounds learnt from all the vectors of a
// segment, so other scopes' writes moved a scope's scores (by about 0.001).
// $dimensions comes from the embedding model.
// params: dimensions
CYPHER 25
CREATE VECTOR INDEX edu_exact_vector IF NOT EXISTS
FOR (n:EDU) ON n.embedding
WITH [n.scope]
OPTIONS {indexConfig: {`vector.dimensions`: $dimensions, `vector.similarity_function`: 'cosine',
                        `vector.quantization.enabled`: false}}
