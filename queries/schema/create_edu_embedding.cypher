// Dense recall: cosine k-NN over EDU embeddings; $dimensions comes from the embedding model.
// params: dimensions
CREATE VECTOR INDEX edu_embedding IF NOT EXISTS
FOR (n:EDU) ON (n.embedding)
OPTIONS {indexConfig: {`vector.dimensions`: $dimensions, `vector.similarity_function`: 'cosine'}}
