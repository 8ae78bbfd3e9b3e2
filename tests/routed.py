"""The fixture that makes a suite reach the database as a cluster or Aura is reached: through
the routing scheme (neo4j://), reads routed. The API and client suites import it into their
conftest; the other suites use bolt:// (tests/conftest.py), so each path is tested once."""

import pytest

from hippograph.graph.connection import Neo4jConfig


@pytest.fixture(scope="session")
def neo4j_config(routed_neo4j_config: Neo4jConfig) -> Neo4jConfig:
    """The session's server, addressed through neo4j://."""
    return routed_neo4j_config
