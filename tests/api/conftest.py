"""The API suite reaches the database as a cluster or Aura is reached: through the routing
scheme (neo4j://), reads routed; the other suites use bolt:// (tests/conftest.py)."""


import pytest

from hippograph.graph.connection import Neo4jConfig


@pytest.fixture(scope="session")
def neo4j_config(routed_neo4j_config: Neo4jConfig) -> Neo4jConfig:
    return routed_neo4j_config
