"""The warm GDS projection of each scope's memory graph, and how it is kept current.

A projection lives in the server's GDS catalog, so every process (the API server, a CLI
ingest) shares it. Each refresh builds a new *generation* under a new name while recalls go on
using the current one, then points the scope's ``Projection`` node at it: a refresh never
blocks a recall, and a recall after a refresh sees everything stored before it. The generation
before the current one is kept for recalls that looked the name up an instant before the
switch; older ones are dropped.

An append does not refresh the projection (its cost would grow with the scope): it counts
itself on the scope's ``Projection`` node (``appends``), and a projection holding fewer appends
than that (``built_appends``) is stale. While it is, recall propagates over what is stored now
(graph/recall/associative.py) and asks the catalog to refresh it in the background
(graph/gds/catalog.py: at most every ``STALE_REFRESH_SECONDS`` per scope).

Relationship types and weights are documented in ``queries/gds/project_memory.cypher``:
ENTITY_LINK (mentions and entity synonymy), TURN_LINK (EDU to its turn), SCENE_LINK (EDU to its
scene). Leiden uses the first two; recall chooses per preset.

Memory: a projection costs the GDS heap about 20 MiB whatever its size (fixed buffers per
relationship type) plus what its nodes and relationships need; a scope keeps one, and the one
before it only for ``GRACE_SECONDS`` after a refresh.
"""

import time
from dataclasses import dataclass

from neo4j import AsyncDriver
from neo4j.exceptions import ClientError

from hippograph.graph.cypher import execute
from hippograph.graph.fulltext import scope_token

SIMILAR_WEIGHT = 1.0
TURN_WEIGHT = 1.0
SCENE_WEIGHT = 1.0
# A recall looks the current name up and runs PageRank a few milliseconds later; the previous
# generation stays this long after a refresh for recalls caught in between.
GRACE_SECONDS = 30.0
ENTITY_LINK = "ENTITY_LINK"
TURN_LINK = "TURN_LINK"
SCENE_LINK = "SCENE_LINK"


@dataclass(frozen=True)
class ProjectionInfo:
    graph: str
    generation: int
    nodes: int
    relationships: int
    types: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    seconds: float = 0.0


def projection_prefix(scope: str) -> str:
    # The scope id may hold characters a catalog name should not; its token never does.
    return f"hippograph-{scope_token(scope)}-"


async def refresh_projection(
    driver: AsyncDriver, database: str, scope: str, rewritten: bool = True
) -> ProjectionInfo:
    """Project the scope's graph anew, make it current, and drop generations before the last.

    ``rewritten``: a write other than an append changed the scope (a session stored whole or
    deleted), so lexical indexes built before are rebuilt; a refresh that only catches up with
    appends (or rebuilds a lost projection) passes False and leaves them to take appends in
    place (graph/recall/lexical.py)."""
    started = time.perf_counter()
    appends = await execute(driver, database, "gds/get_appends", {"scope": scope})
    generation = time.time_ns() // 1_000
    graph = f"{projection_prefix(scope)}{generation}"
    records = await execute(
        driver,
        database,
        "gds/project_memory",
        {
            "scope": scope,
            "graph": graph,
            "similar_weight": SIMILAR_WEIGHT,
            "turn_weight": TURN_WEIGHT,
            "scene_weight": SCENE_WEIGHT,
        },
    )
    # An empty scope projects nothing (no rows to aggregate): there is nothing to point at.
    built = records[0] if records and records[0]["graph"] else None
    nodes, relationships = (built["nodes"], built["relationships"]) if built else (0, 0)
    types: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    if built:
        marked = await execute(
            driver,
            database,
            "gds/set_projection",
            {
                "scope": scope,
                "graph": graph,
                "generation": generation,
                "nodes": nodes,
                "relationships": relationships,
                "appends": appends[0]["appends"],
                "rewritten": rewritten,
            },
        )
        types, labels = tuple(marked[0]["types"]), tuple(marked[0]["labels"])
    await _drop_old(driver, database, scope, keep=2, grace=GRACE_SECONDS)
    return ProjectionInfo(
        graph, generation, nodes, relationships, types, labels, time.perf_counter() - started
    )


async def current_projection(
    driver: AsyncDriver, database: str, scope: str
) -> ProjectionInfo | None:
    """The scope's current projection, or None when it has none in the catalog."""
    # On the writer, where the projections are built (a reader's catalog holds none of them).
    records = await execute(driver, database, "gds/get_projection", {"scope": scope})
    if not records:
        return None
    row = records[0]
    return ProjectionInfo(
        row["graph"],
        row["generation"],
        row["nodes"],
        row["relationships"],
        tuple(row["types"]),
        tuple(row["labels"] or ()),
    )


async def warm_projection(driver: AsyncDriver, database: str, scope: str) -> ProjectionInfo:
    """The current projection, built first if the catalog lost it (a server restart)."""
    return await current_projection(driver, database, scope) or await refresh_projection(
        driver, database, scope
    )


async def recent_scopes(driver: AsyncDriver, database: str, limit: int) -> list[str]:
    """The ``limit`` scopes whose projections were built last, newest first."""
    records = await execute(
        driver, database, "gds/list_recent_projections", {"limit": limit}, read=True
    )
    return [r["scope"] for r in records]


async def drop_projections(driver: AsyncDriver, database: str, scope: str) -> None:
    """Every generation of the scope's projection, e.g. once the scope is deleted."""
    await _drop_old(driver, database, scope, keep=0, grace=0.0)


async def _drop_old(
    driver: AsyncDriver, database: str, scope: str, keep: int, grace: float
) -> None:
    """Drop all but the ``keep`` newest generations, and all but the newest one once the
    newest is older than ``grace`` seconds."""
    records = await execute(
        driver, database, "gds/list_projections", {"prefix": projection_prefix(scope)}
    )
    # Generation numbers are microsecond timestamps of equal width: names sort by age.
    names = sorted((r["graph"] for r in records), reverse=True)
    if names and time.time() - _generation(names[0]) / 1e6 > grace:
        keep = min(keep, 1)
    for name in names[keep:]:
        await drop_graph(driver, database, name)


async def drop_graph(driver: AsyncDriver, database: str, graph: str) -> None:
    """Drop one projection from the catalog, if it is there."""
    try:
        await execute(driver, database, "gds/drop_projection", {"graph": graph})
    except ClientError:
        # Two processes or requests dropping the same graph at once: GDS fails the second with
        # an internal error (a NullPointerException) instead of a no-op. Gone is gone.
        records = await execute(driver, database, "gds/get_projection_exists", {"graph": graph})
        if records[0]["exists"]:
            raise


def _generation(graph: str) -> int:
    return int(graph.rsplit("-", 1)[1])
