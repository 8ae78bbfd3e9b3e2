"""Local propagation: associative recall in a scope whose warm projection is large or missing
runs PageRank over a projection of the seeds' neighbourhood instead, activates what the whole
projection activates, and leaves nothing behind in the GDS catalog."""

import asyncio
from dataclasses import replace

from hippograph.graph.connection import Neo4jConfig, open_driver
from hippograph.graph.gds.projection import (
    current_projection,
    drop_projections,
    refresh_projection,
)
from hippograph.graph.recall.associative import LOCAL_PREFIX
from hippograph.graph.recall.engine import gather, recall
from hippograph.graph.recall.presets import ASSOCIATIVE, PRESETS
from hippograph.ingest.recall_query import QueryPreparer

QUESTIONS = [
    "Who built the shelves for the bakery?",
    "What is the name of Hana's sourdough starter?",
    "Where does the deck oven come from?",
    "Which race did Marco train for?",
]
LOCAL = PRESETS["associative-local"]
WARM = PRESETS["associative-warm"]


async def _local_graphs(config: Neo4jConfig) -> list[str]:
    async with open_driver(config) as driver:
        records, _, _ = await driver.execute_query(
            "CALL gds.graph.list() YIELD graphName RETURN collect(graphName) AS names",
            database_=config.database,
        )
    return [name for name in records[0]["names"] if name.startswith(LOCAL_PREFIX)]


def test_local_propagation_activates_what_the_whole_projection_activates(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, sample: str
) -> None:
    async def run() -> list[tuple[list[str], list[str]]]:
        async with open_driver(neo4j_config) as driver:
            database = neo4j_config.database
            await refresh_projection(driver, database, sample)
            pairs = []
            for question in QUESTIONS:
                query = preparer.prepare(question)
                whole = await gather(driver, database, sample, query, WARM, 10)
                local = await gather(driver, database, sample, query, LOCAL, 10)
                pairs.append(
                    ([e for e, _ in whole.activation.edus], [e for e, _ in local.activation.edus])
                )
            return pairs

    for whole, local in asyncio.run(run()):
        assert whole, "the whole projection activated nothing"
        assert set(local[:10]) == set(whole[:10]), (whole[:10], local[:10])
    assert asyncio.run(_local_graphs(neo4j_config)) == []


def test_a_scope_without_a_warm_projection_is_recalled_without_building_one(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, sample: str
) -> None:
    async def run() -> tuple[list[str], list[str], bool]:
        async with open_driver(neo4j_config) as driver:
            database = neo4j_config.database
            await drop_projections(driver, database, sample)
            query = preparer.prepare(QUESTIONS[0])
            cold = await recall(driver, database, sample, query, k=5, preset=ASSOCIATIVE)
            projected = await current_projection(driver, database, sample) is not None
            await refresh_projection(driver, database, sample)
            warm = await recall(driver, database, sample, query, k=5, preset=ASSOCIATIVE)
            return [h.id for h in cold], [h.id for h in warm], projected

    cold, warm, projected = asyncio.run(run())
    assert not projected
    assert cold and cold[:3] == warm[:3]
    assert asyncio.run(_local_graphs(neo4j_config)) == []


def test_a_warm_projection_over_the_size_limit_is_left_alone(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, sample: str
) -> None:
    above = replace(ASSOCIATIVE, name="associative-tiny-limit", local_above=10)

    async def run() -> tuple[list[str], list[str]]:
        async with open_driver(neo4j_config) as driver:
            database = neo4j_config.database
            await refresh_projection(driver, database, sample)
            query = preparer.prepare(QUESTIONS[1])
            whole = await gather(driver, database, sample, query, WARM, 10)
            local = await gather(driver, database, sample, query, above, 10)
            return [e for e, _ in whole.activation.edus], [e for e, _ in local.activation.edus]

    whole, local = asyncio.run(run())
    assert set(local[:10]) == set(whole[:10])
    assert asyncio.run(_local_graphs(neo4j_config)) == []
