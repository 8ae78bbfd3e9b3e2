"""The database schema as an explicit, idempotent step: constraints and indexes.

Every statement is a ``queries/schema/create_*.cypher`` file using ``IF NOT EXISTS``, so the
step can run on every start; nothing creates schema as a side effect of connecting. Indexes
whose definition changed get a new name; ``drop_*`` files remove the retired ones first (an
index holds nothing that the nodes do not, so dropping one loses no data).
"""

import asyncio
from collections.abc import Callable

from neo4j import AsyncDriver

from hippograph.graph.cypher import execute, load_query, query_names
from hippograph.graph.errors import HippographError

SCHEMA_AREA = "schema"
# The HNSW indexes recall searches, shared by every scope (queries/schema/create_*.cypher).
VECTOR_INDEXES = ("edu_exact_vector", "edu_exact_context_vector", "entity_exact_vector")
POLL_SECONDS = 1.0


class IndexBuildError(HippographError):
    """A vector index failed to build."""


async def apply_schema(driver: AsyncDriver, database: str, embedding_dimensions: int) -> list[str]:
    """Create every constraint and index that does not exist yet; wait until all are online.

    Returns the names of the statements applied (all of them, every time: they are no-ops
    when the object already exists).
    """
    values = {"dimensions": embedding_dimensions}
    applied = []
    names = query_names(SCHEMA_AREA)
    for name in sorted(names, key=lambda n: not n.startswith(f"{SCHEMA_AREA}/drop_")):
        declared = load_query(name).params
        await execute(driver, database, name, {k: v for k, v in values.items() if k in declared})
        applied.append(name)
    await execute(driver, database, "admin/await_indexes", {"seconds": 300})
    return applied


async def vector_dimensions(driver: AsyncDriver, database: str) -> int | None:
    """Dimensions of the EDU vector index, or None when the schema has not been applied."""
    records = await execute(driver, database, "admin/get_vector_dimensions")
    return int(records[0]["dimensions"]) if records else None


async def rebuild_vectors(
    driver: AsyncDriver,
    database: str,
    embedding_dimensions: int,
    told: Callable[[float], None] = lambda _: None,
) -> None:
    """Drop the vector indexes and build them again from the vectors stored on the nodes,
    telling ``told`` the share built (0–100) as it goes. An HNSW graph keeps what was deleted
    from it in its structure; after other scopes' large deletes a scope's approximate search
    can miss what an exact one finds (docs/performance.md). Recall refuses nothing meanwhile,
    but its vector search finds nothing until the indexes are online again."""
    for name in VECTOR_INDEXES:
        await execute(driver, database, f"admin/drop_{name}")
    for name in VECTOR_INDEXES:
        await execute(
            driver, database, f"{SCHEMA_AREA}/create_{name}", {"dimensions": embedding_dimensions}
        )
    while True:
        records = await execute(driver, database, "admin/list_vector_indexes")
        ours = [r for r in records if r["name"] in VECTOR_INDEXES]
        failed = [r["name"] for r in ours if r["state"] == "FAILED"]
        if failed:
            raise IndexBuildError(f"the vector indexes {failed} failed to build: see neo4j.log")
        told(sum(r["percent"] for r in ours) / len(ours))
        if all(r["state"] == "ONLINE" for r in ours):
            return
        await asyncio.sleep(POLL_SECONDS)
