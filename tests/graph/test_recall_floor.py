"""The benchmark's floor (evaluation/floor.py) is the engine's recall computed in memory: from
the same seeds its PageRank activates what GDS activates, and its top k is the engine's top k.
Otherwise the ratio `hippograph bench recall` reports would compare two different recalls."""

import asyncio

import pytest

from hippograph.evaluation.floor import FloorScope
from hippograph.graph.connection import Neo4jConfig, open_driver
from hippograph.graph.gds.projection import warm_projection
from hippograph.graph.recall.associative import spread_activation
from hippograph.graph.recall.engine import recall, search
from hippograph.graph.recall.presets import ASSOCIATIVE, PRESETS
from hippograph.graph.recall.snapshot import read_snapshot
from hippograph.ingest.recall_query import QueryPreparer

QUESTIONS = (
    "When did Hana open the bakery?",
    "What did Omar cook for the party?",
    "Who moved to Porto last year?",
    "What happened last week?",
    "Is there a dog?",
    "Where does Lena work now?",
)


@pytest.fixture(scope="module")
def floor(neo4j_config: Neo4jConfig, sample: str) -> FloorScope:
    """The sample scope in memory, from its warm projection."""

    async def build() -> FloorScope:
        async with open_driver(neo4j_config) as driver:
            await warm_projection(driver, neo4j_config.database, sample)
            return FloorScope(await read_snapshot(driver, neo4j_config.database, sample))

    return asyncio.run(build())


def test_from_the_same_seeds_the_floor_activates_what_gds_activates(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, sample: str, floor: FloorScope
) -> None:
    async def run() -> None:
        async with open_driver(neo4j_config) as driver:
            database = neo4j_config.database
            for question in QUESTIONS:
                query = preparer.prepare(question)
                lexical, found = await search(
                    driver, database, sample, query, ASSOCIATIVE, 10, False
                )
                gds = await spread_activation(
                    driver, database, sample, query, found, ASSOCIATIVE, None, lexical
                )
                mine = floor.spread(query, found, ASSOCIATIVE)
                assert {s.id for s in mine.entity_seeds} == {s.id for s in gds.entity_seeds}
                top = dict(gds.edus[:20])
                ours = dict(mine.edus)
                assert set(top) <= set(ours), question
                for edu, score in top.items():
                    assert ours[edu] == pytest.approx(score, rel=0.05), (question, edu)

    asyncio.run(run())


@pytest.mark.parametrize("mode", ["associative", "hybrid", "lexical", "dense"])
def test_the_floor_recalls_the_engines_top_k(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, sample: str, floor: FloorScope, mode: str
) -> None:
    async def run() -> float:
        async with open_driver(neo4j_config) as driver:
            database = neo4j_config.database
            shared = []
            for question in QUESTIONS:
                query = preparer.prepare(question)
                hits = await recall(driver, database, sample, query, k=5, preset=PRESETS[mode])
                mine = floor.recall(query, PRESETS[mode], 5)
                ids, ours = {h.id for h in hits}, {h.id for h in mine}
                shared.append(len(ids & ours) / len(ids) if ids else float(not ours))
            return sum(shared) / len(shared)

    assert asyncio.run(run()) >= 0.9
