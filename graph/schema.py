"""The database schema as an explicit, idempotent step: constraints and indexes.

Every statement is a ``queries/schema/create_*.cypher`` file using ``IF NOT EXISTS``, so the
step can run on every start; nothing creates schema as a side effect of connecting. Indexes
whose definition changed get a new name; ``drop_*`` files remove the retired ones first (an
index holds nothing that the nodes do not, so dropping one loses no data).
"""

from neo4j import AsyncDriver

from hippograph.graph.cypher import load_query, query_names

SCHEMA_AREA = "schema"


async def apply_schema(driver: AsyncDriver, database: str, embedding_dimensions: int) -> list[str]:
    """Create every constraint and index that does not exist yet; wait until all are online.

    Returns the names of the statements applied (all of them, every time: they are no-ops
    when the object already exists).
    """
    values = {"dimensions": embedding_dimensions}
    applied = []
    names = query_names(SCHEMA_AREA)
    for name in sorted(names, key=lambda n: not n.startswith(f"{SCHEMA_AREA}/drop_")):
        query = load_query(name)
        await driver.execute_query(
            query.cypher,
            query.parameters({k: v for k, v in values.items() if k in query.params}),
            database_=database,
        )
        applied.append(name)
    wait = load_query("admin/await_indexes")
    await driver.execute_query(wait.cypher, wait.parameters({"seconds": 300}), database_=database)
    return applied


async def vector_dimensions(driver: AsyncDriver, database: str) -> int | None:
    """Dimensions of the EDU vector index, or None when the schema has not been applied."""
    query = load_query("admin/get_vector_dimensions")
    records, _, _ = await driver.execute_query(query.cypher, database_=database)
    return int(records[0]["dimensions"]) if records else None
