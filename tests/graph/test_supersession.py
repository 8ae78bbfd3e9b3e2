"""What is true now: statements superseded in the graph, validity restored when a session goes,
recall as of a day, a subject's history, chains that survive an export and import, and a chat
model judging the links at ingest (the tests saying "fake_chat_model" use LangChain's
FakeListChatModel: no hosted model can be reached here)."""

import asyncio
import uuid
from datetime import date
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from neo4j import Driver

from hippograph.graph.connection import Neo4jConfig, open_driver
from hippograph.graph.model import Conversation
from hippograph.graph.recall.model import RecallFilters
from hippograph.graph.recall.presets import ASSOCIATIVE, HYBRID
from hippograph.graph.store import delete_session
from hippograph.graph.supersession import HeldValue, history
from hippograph.ingest.embedding.local import LocalEmbeddings
from hippograph.ingest.formats.jsonl import export_jsonl, load_jsonl
from hippograph.ingest.parallel import ParallelExtraction
from hippograph.ingest.pipeline import IngestPipeline
from hippograph.ingest.recall_query import QueryPreparer
from hippograph.ingest.supersession.judge import SupersessionJudge
from tests.graph.conftest import Ingest, _ingest, recall_sync
from tests.ingest.conversations import MOVES


def _scope() -> str:
    return f"test-supersession-{uuid.uuid4().hex[:8]}"


def _chains(driver: Driver, scope: str) -> set[tuple[str, str]]:
    records, _, _ = driver.execute_query(
        "MATCH (a:EDU {scope: $scope})-[:SUPERSEDED_BY]->(b:EDU) "
        "RETURN a.text AS earlier, b.text AS later",
        scope=scope,
    )
    return {(r["earlier"], r["later"]) for r in records}


def _validity(driver: Driver, scope: str, starts: str) -> tuple[date | None, date | None]:
    records, _, _ = driver.execute_query(
        "MATCH (u:EDU {scope: $scope}) WHERE u.text STARTS WITH $starts "
        "RETURN u.valid_from AS start, u.valid_to AS end",
        scope=scope,
        starts=starts,
    )
    (row,) = records
    return (
        row["start"].to_native() if row["start"] else None,
        row["end"].to_native() if row["end"] else None,
    )


def _history(config: Neo4jConfig, scope: str, entity: str, attribute: str) -> list[HeldValue]:
    async def run() -> list[HeldValue]:
        async with open_driver(config) as driver:
            return await history(driver, config.database, scope, entity, attribute)

    return asyncio.run(run())


LISBON = "Ana lives in Lisbon now"
PORTO = "Ana and others moved to Porto"
STILL_PORTO = "Ana and others still live in Porto"
MADRID = "Ana and others relocated to Madrid"


def _linked(chains: set[tuple[str, str]], earlier: str, later: str) -> bool:
    return any(a.startswith(earlier) and b.startswith(later) for a, b in chains)


@pytest.fixture(scope="module")
def moves(
    neo4j_config: Neo4jConfig, extraction: ParallelExtraction, embeddings: LocalEmbeddings
) -> str:
    scope = _scope()
    _ingest(neo4j_config, extraction, embeddings, [MOVES], scope)
    return scope


def test_a_later_statement_of_another_value_supersedes_the_earlier_ones(
    driver: Driver, moves: str
) -> None:
    chains = _chains(driver, moves)
    assert _linked(chains, LISBON, PORTO)
    assert _linked(chains, PORTO, MADRID) and _linked(chains, STILL_PORTO, MADRID)
    assert len(chains) == 3, chains  # the repeat, the second cat, the wish, Ben's sister: none
    # "last week" on 5 March: the week of 26 February, from when Lisbon no longer held.
    assert _validity(driver, moves, LISBON) == (date(2024, 1, 10), date(2024, 2, 26))
    assert _validity(driver, moves, MADRID) == (date(2024, 8, 20), None)


def test_recall_puts_what_is_valid_now_first_and_names_what_superseded_the_rest(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, moves: str
) -> None:
    hits = recall_sync(neo4j_config, preparer, moves, "Where does Ana live now?", ASSOCIATIVE)
    assert hits[0].text.startswith(MADRID) and hits[0].superseded_by is None
    lisbon = next(h for h in hits if h.text.startswith(LISBON))
    assert lisbon.superseded_by is not None and lisbon.superseded_by.text.startswith(PORTO)
    assert lisbon.superseded_by.how == "offline" and lisbon.superseded_by.attribute == "residence"
    assert lisbon.valid_to == date(2024, 2, 26)


@pytest.mark.parametrize(
    ("as_of", "valid"), [(date(2024, 2, 1), "Lisbon"), (date(2024, 6, 1), "Porto")]
)
def test_recall_as_of_a_day_answers_with_what_was_valid_then(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, moves: str, as_of: date, valid: str
) -> None:
    hits = recall_sync(
        neo4j_config, preparer, moves, "Where did Ana live?", HYBRID, k=10,
        filters=RecallFilters(as_of=as_of),
    )  # fmt: skip
    assert valid in hits[0].text
    assert all(h.valid_from is None or h.valid_from <= as_of for h in hits)
    assert all(h.valid_to is None or h.valid_to > as_of for h in hits)


def test_history_lists_a_subjects_values_in_the_order_said(
    neo4j_config: Neo4jConfig, moves: str
) -> None:
    found = _history(neo4j_config, moves, "ana", "residence")
    assert [x.value for x in found] == ["lisbon", "porto", "porto", "madrid"]
    assert [x.valid_to is None for x in found] == [False, False, False, True]
    assert found[0].superseded_by == found[1].id
    assert _history(neo4j_config, moves, "ANA", "residence") == found  # a name in any case
    assert _history(neo4j_config, moves, "nobody", "residence") == []


def test_deleting_the_superseding_session_restores_what_it_had_closed(
    driver: Driver, neo4j_config: Neo4jConfig, ingest: Ingest
) -> None:
    scope = _scope()
    ingest([MOVES], scope)

    async def delete(session: str) -> bool:
        async with open_driver(neo4j_config) as async_driver:
            return await delete_session(async_driver, neo4j_config.database, scope, session)

    assert asyncio.run(delete("moves/S4"))
    assert _validity(driver, scope, STILL_PORTO) == (date(2024, 5, 2), None)
    assert _validity(driver, scope, PORTO)[1] is None
    assert asyncio.run(delete("moves/S2"))
    chains = _chains(driver, scope)
    # Lisbon held until "we still live in Porto", now the first to say Porto.
    assert chains == {(c, d) for c, d in chains if c.startswith(LISBON)} and len(chains) == 1
    assert _linked(chains, LISBON, STILL_PORTO)


def test_replacing_a_session_decides_its_links_again(driver: Driver, ingest: Ingest) -> None:
    scope = _scope()
    ingest([MOVES], scope)
    s2 = MOVES.sessions[1]
    changed = s2.model_copy(
        update={"turns": (s2.turns[0].model_copy(update={"text": "I still live in Lisbon."}),)}
    )
    ingest([Conversation(id="moves", sessions=(changed,))], scope)
    chains = _chains(driver, scope)
    assert not _linked(chains, LISBON, PORTO)
    assert _linked(chains, LISBON, STILL_PORTO) and _linked(chains, "Ana still lives", STILL_PORTO)


def test_an_export_imported_again_has_the_same_chains(
    driver: Driver, ingest: Ingest, moves: str, neo4j_config: Neo4jConfig, tmp_path: Path
) -> None:
    exported = tmp_path / "moves.jsonl"

    async def export() -> None:
        async with open_driver(neo4j_config) as async_driver:
            with exported.open("w", encoding="utf-8") as out:
                await export_jsonl(async_driver, neo4j_config.database, moves, out)

    asyncio.run(export())
    copy = _scope()
    ingest(list(load_jsonl(exported).conversations), copy)
    assert _chains(driver, copy) == _chains(driver, moves)
    assert _validity(driver, copy, LISBON) == _validity(driver, moves, LISBON)


@pytest.mark.parametrize(("answer", "links"), [("Yes.", 3), ("No, both can hold.", 0)])
def test_fake_chat_model_as_judge_at_ingest_decides_each_proposed_link(
    driver: Driver,
    neo4j_config: Neo4jConfig,
    extraction: ParallelExtraction,
    embeddings: LocalEmbeddings,
    answer: str,
    links: int,
) -> None:
    scope = _scope()
    judge = SupersessionJudge(FakeListChatModel(responses=[answer]), "llm:fake")

    async def run() -> None:
        async with open_driver(neo4j_config) as async_driver:
            pipeline = IngestPipeline(
                async_driver, neo4j_config.database, extraction, embeddings, embeddings.record,
                judge=judge,
            )  # fmt: skip
            await pipeline.ingest([MOVES], scope)

    asyncio.run(run())
    records, _, _ = driver.execute_query(
        "MATCH (:EDU {scope: $scope})-[r:SUPERSEDED_BY]->() RETURN r.how AS how", scope=scope
    )
    assert [r["how"] for r in records] == ["llm:fake"] * links
    if not links:  # what the model refused stays valid, and is remembered as refused
        assert _validity(driver, scope, LISBON)[1] is None
        refused, _, _ = driver.execute_query(
            "MATCH (u:EDU {scope: $scope}) WHERE size(u.frame_refused) > 0 RETURN count(u) AS n",
            scope=scope,
        )
        assert refused[0]["n"] == 2  # Porto refused Lisbon; Madrid refused both Portos
