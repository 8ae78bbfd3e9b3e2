"""Fixtures shared by every test: a private, real Neo4j + GDS server for the whole session.

The server reuses the jars that `hippograph neo4j install` put in the cache (installing them
first if needed) but gets its own data folder and free ports, so a user's server is never
touched, and is stopped when the session ends.
"""

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver, GraphDatabase
from spacy.language import Language

from hippograph.api.settings import Settings
from hippograph.evaluation.load_generator import free_port
from hippograph.graph.connection import Neo4jConfig
from hippograph.graph.launcher import LocalNeo4j, LocalServerConfig, install
from hippograph.ingest.embedding.local import LocalEmbeddings, load_embeddings
from hippograph.ingest.extract.offline import OfflineExtractor
from hippograph.ingest.nlp import load_spacy

# The API server's fixtures (tests/api_server.py) serve tests/api and tests/client alike: one
# server process for both.
pytest_plugins = ["tests.api_server"]

TEST_PASSWORD = "hippograph-tests-" + uuid.uuid4().hex[:8]


@pytest.fixture(scope="session")
def server_config(tmp_path_factory: pytest.TempPathFactory) -> LocalServerConfig:
    installed = Settings().local_server()
    return installed.model_copy(
        update={
            "instance_dir": tmp_path_factory.mktemp("neo4j-instance"),
            "bolt_port": free_port(),
            "http_port": free_port(),
            "heap_initial": "512m",
            "heap_max": "2g",
            "pagecache": "256m",
        }
    )


@pytest.fixture(scope="session")
def neo4j_server(server_config: LocalServerConfig) -> Iterator[LocalNeo4j]:
    install(server_config)
    server = LocalNeo4j(server_config)
    server.start(TEST_PASSWORD)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def neo4j_config(neo4j_server: LocalNeo4j) -> Neo4jConfig:
    """The session's server as the default local one is addressed: bolt://."""
    return Neo4jConfig(uri=neo4j_server.config.bolt_uri, password=TEST_PASSWORD)


@pytest.fixture(scope="session")
def routed_neo4j_config(neo4j_server: LocalNeo4j) -> Neo4jConfig:
    """The same server through the routing scheme, as a cluster or Aura is addressed: reads go
    through the driver's routing table. The API and client suites use it (their conftest
    makes it their ``neo4j_config``), the others bolt://, so each path is tested once."""
    uri = neo4j_server.config.bolt_uri.replace("bolt://", "neo4j://", 1)
    return Neo4jConfig(uri=uri, password=TEST_PASSWORD)


@pytest.fixture(scope="session")
def driver(neo4j_config: Neo4jConfig) -> Iterator[Driver]:
    """A synchronous driver for assertions; the code under test uses its own async one."""
    with GraphDatabase.driver(
        neo4j_config.uri, auth=(neo4j_config.user, neo4j_config.password.get_secret_value())
    ) as sync_driver:
        yield sync_driver


@pytest.fixture
def scope() -> str:
    """A memory scope no other test uses."""
    return f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The real en_core_web_sm pipeline (or its PyPI mirror), loaded once."""
    return load_spacy("en_core_web_sm")


@pytest.fixture(scope="session")
def offline(nlp: Language) -> OfflineExtractor:
    return OfflineExtractor(nlp)


@pytest.fixture(scope="session")
def embeddings() -> LocalEmbeddings:
    """The default local embedding model, from its Maven Central jar in the user's cache
    (fetched there first if needed), loaded once."""
    settings = Settings()
    model = load_embeddings(settings.embedding_model, "local", settings.cache_dir)
    assert isinstance(model, LocalEmbeddings)
    return model


# Fixtures and helpers that mean "this test needs a real server": the session's Neo4j, or a
# server the test starts itself (marked by hand in those modules).
SERVER_FIXTURES = {"neo4j_server"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that reaches the session's Neo4j, so `make test-fast` can leave it out."""
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neo4j)
