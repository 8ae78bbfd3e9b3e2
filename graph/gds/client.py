"""The synchronous graphdatascience client, for batch work (the scene build's Leiden, the
analysis walk). Its package (with pandas) takes about half a second to import: the modules that
need it import this one when they run, so that a CLI command without GDS starts without it."""

from typing import Any

from graphdatascience import GraphDataScience
from graphdatascience.query_runner.neo4j_query_runner import Neo4jQueryRunner
from graphdatascience.query_runner.query_mode import QueryMode
from graphdatascience.query_runner.query_type import QueryType
from neo4j import GraphDatabase
from pandas import DataFrame

from hippograph.graph.connection import Neo4jConfig, driver_options


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
        GraphDatabase.driver(config.uri, **driver_options(config)),
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
