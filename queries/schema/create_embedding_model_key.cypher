// One EmbeddingModel node per memory scope records the model that embedded it.
// params: none
CREATE CONSTRAINT embedding_model_key IF NOT EXISTS
FOR (n:EmbeddingModel) REQUIRE n.scope IS UNIQUE
