"""Associative recall: activation spreads from what a question matches to what it does not."""

import asyncio
import uuid
from dataclasses import replace
from datetime import datetime

import pytest
from neo4j import Driver

from hippograph.graph.connection import Neo4jConfig, open_driver
from hippograph.graph.errors import NotFoundError
from hippograph.graph.gds.projection import (
    current_projection,
    projection_prefix,
    refresh_projection,
)
from hippograph.graph.model import Conversation, Session, Turn
from hippograph.graph.recall.model import RecallHit, RecallMode
from hippograph.graph.recall.presets import ASSOCIATIVE, PRESETS, RecallPreset
from hippograph.graph.recall.related import Related, related
from hippograph.ingest.embedding.local import LocalEmbeddings
from hippograph.ingest.parallel import ParallelExtraction
from hippograph.ingest.recall_query import QueryPreparer
from tests.graph.conftest import Ingest, _ingest, recall_sync
from tests.ingest.conversations import GARDEN_CLUB, LIGHTHOUSE

TWO_HOP = "How does the place Idris bought look now?"
TOWER = "The tower at Kestrel Point has been repainted in yellow stripes."
PURCHASE = "Idris finally bought the old lighthouse on Kestrel Point."
# Seeded from the best match alone (no entity seeds), whatever reaches the tower came through
# the graph from that one EDU. The propagation is what these tests specify, so its ranking is
# fused with the search's by RRF (the hand-set recipe), where an activated EDU shows as such;
# the learned ranking's own tests are in test_learned_ranking.py.
ONE_SEED = replace(PRESETS["associative-handset"], name="one-seed", seeds=1, entity_share=0.0)


@pytest.fixture(scope="module")
def lighthouse(
    neo4j_config: Neo4jConfig, extraction: ParallelExtraction, embeddings: LocalEmbeddings
) -> str:
    scope = f"test-assoc-{uuid.uuid4().hex[:8]}"
    _ingest(neo4j_config, extraction, embeddings, [LIGHTHOUSE], scope)
    return scope


def _recall(
    config: Neo4jConfig, preparer: QueryPreparer, scope: str, question: str, preset: RecallPreset
) -> list[RecallHit]:
    return recall_sync(config, preparer, scope, question, preset, k=3)


def _texts(hits: list[RecallHit]) -> list[str]:
    return [hit.text for hit in hits]


def test_propagation_reaches_the_second_hop_that_search_ranks_too_low(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, lighthouse: str
) -> None:
    searched = _recall(neo4j_config, preparer, lighthouse, TWO_HOP, PRESETS["hybrid"])
    unspread = replace(ONE_SEED, activation_weight=0.0)
    seeds_only = _recall(neo4j_config, preparer, lighthouse, TWO_HOP, unspread)
    spread = _recall(neo4j_config, preparer, lighthouse, TWO_HOP, ONE_SEED)

    assert any(PURCHASE in text for text in _texts(searched))
    assert not any(TOWER in text for text in _texts(searched) + _texts(seeds_only))
    tower = next(hit for hit in spread if TOWER in hit.text)
    assert tower.explanation.mode is RecallMode.ASSOCIATIVE
    assert tower.explanation.activation_rank is not None
    # The path runs tower → the place both EDUs name → the purchase, the EDU it was seeded from.
    assert [step.kind for step in tower.explanation.path] == ["EDU", "Entity", "EDU"]
    assert tower.explanation.path[1].name == "Kestrel Point"
    assert PURCHASE in tower.explanation.path[2].name
    assert "via Kestrel Point" in tower.explanation.summary
    assert [t.source_id for t in tower.turns] == ["S2:2"]


def test_the_shipped_associative_mode_returns_provenance_and_seeds(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, lighthouse: str
) -> None:
    hits = _recall(neo4j_config, preparer, lighthouse, TWO_HOP, ASSOCIATIVE)
    assert hits and all(hit.turns for hit in hits)
    assert all(hit.explanation.path for hit in hits)
    assert hits[0].explanation.seed is not None


def test_a_recall_sees_a_session_ingested_after_the_projection_was_built(
    neo4j_config: Neo4jConfig,
    extraction: ParallelExtraction,
    embeddings: LocalEmbeddings,
    preparer: QueryPreparer,
    scope: str,
) -> None:
    first_only = LIGHTHOUSE.model_copy(update={"sessions": LIGHTHOUSE.sessions[:1]})
    _ingest(neo4j_config, extraction, embeddings, [first_only], scope)
    before = _recall(neo4j_config, preparer, scope, TWO_HOP, ONE_SEED)
    generation = asyncio.run(_current(neo4j_config, scope))

    _ingest(neo4j_config, extraction, embeddings, [LIGHTHOUSE], scope)
    after = _recall(neo4j_config, preparer, scope, TWO_HOP, ONE_SEED)

    assert not any(TOWER in text for text in _texts(before))
    assert any(TOWER in text for text in _texts(after))
    assert asyncio.run(_current(neo4j_config, scope)) > generation


def test_a_speaker_nobody_mentions_is_no_seed_the_projection_lacks(
    neo4j_config: Neo4jConfig, ingest: Ingest, preparer: QueryPreparer, scope: str
) -> None:
    oven = Conversation(
        id="oven",
        sessions=(
            Session(
                id="s1",
                started_at=datetime(2025, 3, 3, 9, 0),
                turns=(
                    Turn(id="t1", speaker="Hana", text="I love the red bread oven."),
                    Turn(id="t2", speaker="Marco", text="It bakes well."),  # names nobody
                ),
            ),
        ),
    )
    ingest([oven], scope)
    hits = _recall(neo4j_config, preparer, scope, "What does Marco think of it?", ASSOCIATIVE)
    assert "Marco: It bakes well." in _texts(hits)


async def _current(config: Neo4jConfig, scope: str) -> int:
    async with open_driver(config) as driver:
        found = await current_projection(driver, config.database, scope)
        assert found is not None
        return found.generation


def test_a_refresh_keeps_the_previous_generation_for_recalls_in_flight(
    neo4j_config: Neo4jConfig, driver: Driver, lighthouse: str
) -> None:
    async def refresh_three_times() -> list[str]:
        async with open_driver(neo4j_config) as client:
            return [
                (await refresh_projection(client, neo4j_config.database, lighthouse)).graph
                for _ in range(3)
            ]

    built = asyncio.run(refresh_three_times())
    records, _, _ = driver.execute_query(
        "CALL gds.graph.list() YIELD graphName WHERE graphName STARTS WITH $prefix "
        "RETURN collect(graphName) AS names",
        prefix=projection_prefix(lighthouse),
    )
    assert sorted(records[0]["names"]) == sorted(built[1:])


def test_recall_rebuilds_a_projection_the_catalog_lost(
    neo4j_config: Neo4jConfig, driver: Driver, preparer: QueryPreparer, lighthouse: str
) -> None:
    """After a server restart the GDS catalog is empty; the first recall projects again."""
    driver.execute_query(
        "CALL gds.graph.list() YIELD graphName WHERE graphName STARTS WITH $prefix "
        "CALL gds.graph.drop(graphName) YIELD graphName AS dropped RETURN count(*)",
        prefix=projection_prefix(lighthouse),
    )
    hits = _recall(neo4j_config, preparer, lighthouse, TWO_HOP, ONE_SEED)
    assert any(TOWER in text for text in _texts(hits))


def _related(config: Neo4jConfig, scope: str, entity: str) -> Related:
    async def run() -> Related:
        async with open_driver(config) as driver:
            return await related(driver, config.database, scope, entity, limit=5)

    return asyncio.run(run())


def test_related_ranks_what_surrounds_an_entity(neo4j_config: Neo4jConfig, lighthouse: str) -> None:
    around = _related(neo4j_config, lighthouse, "kestrel point")
    assert around.name == "Kestrel Point"
    edus = [edu.text for edu in around.edus]
    assert any(PURCHASE in text for text in edus) and any(TOWER in text for text in edus)
    assert {"old lighthouse", "tower"} & {e.name for e in around.entities}
    scores = [edu.score for edu in around.edus]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("hostile", ["x' OR 1=1 //", "}) DETACH DELETE n //", "*", ""])
def test_related_to_an_unknown_or_hostile_name_is_not_found_and_harmless(
    neo4j_config: Neo4jConfig, driver: Driver, lighthouse: str, hostile: str
) -> None:
    count = "MATCH (n {scope: $scope}) RETURN count(n) AS n"
    before = driver.execute_query(count, scope=lighthouse).records[0]["n"]
    with pytest.raises(NotFoundError):
        _related(neo4j_config, lighthouse, hostile)
    assert driver.execute_query(count, scope=lighthouse).records[0]["n"] == before


def test_associative_recall_never_leaves_its_scope(
    neo4j_config: Neo4jConfig,
    extraction: ParallelExtraction,
    embeddings: LocalEmbeddings,
    preparer: QueryPreparer,
    lighthouse: str,
    scope: str,
) -> None:
    _ingest(neo4j_config, extraction, embeddings, [GARDEN_CLUB], scope)
    hits = _recall(neo4j_config, preparer, scope, TWO_HOP, ASSOCIATIVE)
    assert not any("Idris" in hit.text or "Kestrel" in hit.text for hit in hits)
