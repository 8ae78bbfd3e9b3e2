"""The schema step creates every constraint and index, and running it again changes nothing."""

import asyncio

import pytest
from neo4j import Driver
from neo4j.exceptions import ConstraintError

from hippograph.graph.connection import Neo4jConfig, open_driver
from hippograph.graph.recall.presets import PRESETS
from hippograph.graph.schema import VECTOR_INDEXES, apply_schema, rebuild_vectors
from hippograph.ingest.recall_query import QueryPreparer
from tests.graph.conftest import recall_sync


async def _apply(config: Neo4jConfig) -> list[str]:
    async with open_driver(config) as driver:
        return await apply_schema(driver, config.database, embedding_dimensions=384)


def _schema(driver: Driver) -> set[tuple[str, ...]]:
    indexes, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state "
        "RETURN name, type, labelsOrTypes, properties, state"
    )
    constraints, _, _ = driver.execute_query(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
        "RETURN name, type, labelsOrTypes, properties"
    )
    return {tuple(map(str, r.values())) for r in [*indexes, *constraints]}


def test_schema_step_is_idempotent(driver: Driver, neo4j_config: Neo4jConfig) -> None:
    asyncio.run(_apply(neo4j_config))
    first = _schema(driver)
    asyncio.run(_apply(neo4j_config))
    assert _schema(driver) == first


def test_schema_creates_keys_fulltext_and_vector_indexes(
    driver: Driver, neo4j_config: Neo4jConfig
) -> None:
    asyncio.run(_apply(neo4j_config))
    records, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, type, state, options, properties "
        "RETURN name, type, state, options, properties"
    )
    by_name = {r["name"]: r for r in records}
    assert {r["state"] for r in records} == {"ONLINE"}
    for label in ("session", "turn", "edu", "entity", "scene", "persona"):
        assert f"{label}_key" in by_name
    assert by_name["edu_search_key"]["type"] == "FULLTEXT"
    assert by_name["edu_search_key"]["properties"] == ["key", "context", "scope_token"]
    assert by_name["edu_search_key"]["options"]["indexConfig"]["fulltext.analyzer"] == "english"
    assert by_name["entity_search_name"]["type"] == "FULLTEXT"
    for name in ("edu_exact_vector", "edu_exact_context_vector", "entity_exact_vector"):
        vector = by_name[name]
        assert vector["type"] == "VECTOR"
        assert vector["options"]["indexConfig"]["vector.dimensions"] == 384
        assert vector["options"]["indexConfig"]["vector.quantization.enabled"] is False


def test_indexes_retired_by_a_newer_schema_are_dropped(
    driver: Driver, neo4j_config: Neo4jConfig
) -> None:
    asyncio.run(_apply(neo4j_config))
    for retired in ("edu_text", "edu_search_text"):
        driver.execute_query(
            f"CREATE FULLTEXT INDEX {retired} IF NOT EXISTS FOR (n:EDU) ON EACH [n.text]"
        )
    asyncio.run(_apply(neo4j_config))
    records, _, _ = driver.execute_query("SHOW INDEXES YIELD name RETURN collect(name) AS names")
    assert not {"edu_text", "edu_search_text"} & set(records[0]["names"])
    assert "edu_search_key" in records[0]["names"]


def test_a_duplicate_id_in_one_scope_is_refused_but_allowed_across_scopes(
    driver: Driver, neo4j_config: Neo4jConfig, scope: str
) -> None:
    asyncio.run(_apply(neo4j_config))
    driver.execute_query("CREATE (:Session {scope: $scope, id: 's1'})", scope=scope)
    driver.execute_query("CREATE (:Session {scope: $other, id: 's1'})", other=scope + "-b")
    try:
        with pytest.raises(ConstraintError):
            driver.execute_query("CREATE (:Session {scope: $scope, id: 's1'})", scope=scope)
    finally:
        driver.execute_query(
            "MATCH (s:Session) WHERE s.scope IN [$scope, $other] DELETE s",
            scope=scope,
            other=scope + "-b",
        )


def test_rebuilding_the_vector_indexes_keeps_what_dense_recall_finds(
    driver: Driver, neo4j_config: Neo4jConfig, preparer: QueryPreparer, sample: str
) -> None:
    question = "Who built the shelves for the bakery?"
    before = recall_sync(neo4j_config, preparer, sample, question, PRESETS["dense"], k=5)
    told: list[float] = []

    async def rebuild() -> None:
        async with open_driver(neo4j_config) as async_driver:
            await rebuild_vectors(async_driver, neo4j_config.database, 384, told.append)

    asyncio.run(rebuild())
    states, _, _ = driver.execute_query("SHOW VECTOR INDEXES YIELD name, state RETURN name, state")
    assert {r["name"]: r["state"] for r in states} == dict.fromkeys(VECTOR_INDEXES, "ONLINE")
    assert told and told[-1] == 100
    after = recall_sync(neo4j_config, preparer, sample, question, PRESETS["dense"], k=5)
    assert [h.id for h in after] == [h.id for h in before]
