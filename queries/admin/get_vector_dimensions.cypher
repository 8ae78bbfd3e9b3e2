// The dimensions of the EDU vector index, to check them against the embedding model.
// params: none
SHOW VECTOR INDEXES YIELD name, options
WHERE name = 'edu_exact_vector'
RETURN options.indexConfig.`vector.dimensions` AS dimensions
