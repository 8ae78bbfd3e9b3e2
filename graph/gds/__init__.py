"""Neo4j Graph Data Science: the warm projection of each scope, Leiden scenes, personas."""
