"""How hippograph reaches Neo4j: one async driver per process, created by the entry point, and
the synchronous graphdatascience client for batch work (the scene build's Leiden)."""

from typing import Any

from graphdatascience import GraphDataScience
from graphdatascience.query_runner.neo4j_query_runner import Neo4jQueryRunner
from graphdatascience.query_runner.query_mode import QueryMode
from graphdatascience.query_runner.query_type import QueryType
from neo4j import AsyncDriver, AsyncGraphDatabase, GraphDatabase
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from pandas import DataFrame
from pydantic import BaseModel, ConfigDict, Field, SecretStr


class Neo4jConfig(BaseModel):
    """Where the database is, who we are there, and how long to wait for it.

    The waits are a service's, not the driver's defaults (30 s of retries, 60 s for a pooled
    connection): while the database is down a caller hears so within about two seconds.
    """

    model_config = ConfigDict(frozen=True)

    uri: str
    user: str = "neo4j"
    password: SecretStr
    database: str = "neo4j"
    connection_timeout_s: float = Field(default=2.0, gt=0)
    # The driver waits about a second before its first retry, so under 1 s means one retry.
    retry_s: float = Field(default=0.5, ge=0)
    acquisition_timeout_s: float = Field(default=5.0, gt=0)


# What the driver raises when the database cannot be reached (down, restarting, a connection
# cut): the caller may retry later; nothing about the request was wrong.
UNREACHABLE = (ServiceUnavailable, SessionExpired)


def unreachable(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) says the database cannot be reached."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, UNREACHABLE):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _driver_options(config: Neo4jConfig) -> dict[str, Any]:
    return {
        "auth": (config.user, config.password.get_secret_value()),
        "connection_timeout": config.connection_timeout_s,
        "max_transaction_retry_time": config.retry_s,
        "connection_acquisition_timeout": config.acquisition_timeout_s,
        # Server notices ("property key does not exist yet" on an empty database) are noise
        # in a CLI's output; real errors still raise.
        "notifications_min_severity": "OFF",
    }


def open_driver(config: Neo4jConfig) -> AsyncDriver:
    """Create the process's driver. It connects lazily: nothing touches the network here."""
    return AsyncGraphDatabase.driver(config.uri, **_driver_options(config))


class _OneTryRunner(Neo4jQueryRunner):
    """graphdatascience checks that the database is reachable before each statement and, while it
    is not, tries again every second for ten minutes: a scene build (and the scope's write lock)
    would wait that long. One try, then the driver's error, which ``unreachable`` recognizes."""

    ONE_TRY = Neo4jQueryRunner.ConnectivityRetriesConfig(max_retries=1, wait_time=0)

    def run_cypher(
        self,
        query: str,
        query_type: QueryType,
        params: dict[str, Any] | None = None,
        database: str | None = None,
        mode: QueryMode | None = None,
        custom_error: bool = True,
        connectivity_retry_config: Neo4jQueryRunner.ConnectivityRetriesConfig | None = None,
    ) -> DataFrame:
        return super().run_cypher(
            query, query_type, params, database, mode, custom_error, self.ONE_TRY
        )


def open_gds(config: Neo4jConfig) -> GraphDataScience:
    """The graphdatascience client on a driver of its own, which ``close()`` (or leaving a
    ``with`` block) closes. It asks the server's GDS version, so it touches the network. Its
    calls block: an async caller runs them in a worker thread. Bolt only (no Arrow server is
    assumed), and no progress bars: the caller reports progress its own way."""
    runner = _OneTryRunner(
        GraphDatabase.driver(config.uri, **_driver_options(config)),
        Neo4jQueryRunner.parse_protocol(config.uri),
        database=config.database,
        auto_close=True,
        show_progress=False,
    )
    try:
        return GraphDataScience(runner, arrow=False)
    except BaseException:
        runner.close()
        raise
