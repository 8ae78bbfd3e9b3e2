"""Live memory: turns appended to a session one at a time are stored as whole ingest stores
them, once each whatever is retried or sent at once, and recallable when the append returns,
without rebuilding the scope's lexical index or projection."""

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

import pytest
from neo4j import AsyncDriver, Driver

from hippograph.graph.connection import Neo4jConfig, open_driver
from hippograph.graph.model import Conversation, Scope
from hippograph.graph.recall.engine import recall
from hippograph.graph.recall.lexical import LexicalIndexes
from hippograph.graph.recall.presets import PRESETS
from hippograph.graph.schema import apply_schema
from hippograph.ingest.embedding.local import LocalEmbeddings
from hippograph.ingest.errors import SessionConflictError
from hippograph.ingest.formats.jsonl import load_jsonl
from hippograph.ingest.parallel import ParallelExtraction
from hippograph.ingest.pipeline import AppendOutcome, IngestPipeline
from hippograph.ingest.recall_query import QueryPreparer
from hippograph.ingest.records import SessionRecord, TurnRecord, turn_by_turn
from hippograph.ingest.sample import SAMPLE_CONVERSATIONS
from tests.graph.conftest import Ingest

T = TypeVar("T")
DAY = datetime(2025, 3, 4, 9, 0)


def _run(
    config: Neo4jConfig,
    extraction: ParallelExtraction,
    embeddings: LocalEmbeddings,
    work: Callable[[AsyncDriver, IngestPipeline], Awaitable[T]],
) -> T:
    async def run() -> T:
        async with open_driver(config) as driver:
            await apply_schema(driver, config.database, embeddings.dimensions)
            pipeline = IngestPipeline(
                driver, config.database, extraction, embeddings, embeddings.record
            )
            return await work(driver, pipeline)

    return asyncio.run(run())


def _turn(speaker: str, text: str, id: str | None = None) -> TurnRecord:
    return TurnRecord(id=id, speaker=speaker, text=text)


def _record(*turns: TurnRecord, session: str = "2025-03-04") -> SessionRecord:
    return SessionRecord(session=session, started_at=DAY, turns=list(turns))


def _edus(driver: Driver, scope: str) -> Counter[tuple[str, str]]:
    records, _, _ = driver.execute_query(
        "MATCH (u:EDU {scope: $scope})-[:FROM_TURN]->(t:Turn) "
        "RETURN t.source_id AS turn, u.text AS text",
        scope=scope,
    )
    return Counter((r["turn"], r["text"]) for r in records)


def _turns(driver: Driver, scope: str) -> list[tuple[int, str, str | None]]:
    records, _, _ = driver.execute_query(
        "MATCH (:Session {scope: $scope})-[:HAS_TURN]->(t:Turn) "
        "OPTIONAL MATCH (t)-[:NEXT]->(n:Turn) "
        "RETURN t.position AS position, t.source_id AS id, n.source_id AS next "
        "ORDER BY position",
        scope=scope,
    )
    return [(r["position"], r["id"], r["next"]) for r in records]


STORED_COUNTS = (
    "MATCH (e:Entity {scope: $scope}) RETURN e.id AS id, e.edu_count AS edus, "
    "e.session_count AS sessions"
)
RECOUNTED = (
    "MATCH (e:Entity {scope: $scope}) OPTIONAL MATCH (e)<-[:MENTIONS|SAID_BY]-(u:EDU) "
    "RETURN e.id AS id, count(DISTINCT u) AS edus, count(DISTINCT u.session) AS sessions"
)


def _entity_counts(
    driver: Driver, scope: str, query: str = STORED_COUNTS
) -> dict[str, tuple[int, int]]:
    """Per entity, its EDU and session counts: as stored on it, or (RECOUNTED) as the graph
    holds them now."""
    records, _, _ = driver.execute_query(query, scope=scope)
    return {r["id"]: (r["edus"], r["sessions"]) for r in records}


def _sample() -> Conversation:
    return next(iter(load_jsonl(SAMPLE_CONVERSATIONS).conversations))


def test_turn_by_turn_stores_what_a_whole_ingest_stores(
    driver: Driver,
    ingest: Ingest,
    neo4j_config: Neo4jConfig,
    extraction: ParallelExtraction,
    embeddings: LocalEmbeddings,
    scope: str,
) -> None:
    conversation = _sample()
    whole, live = f"{scope}-whole", f"{scope}-live"
    ingest([conversation], whole)

    async def append_all(_: AsyncDriver, pipeline: IngestPipeline) -> list[AppendOutcome]:
        return [await pipeline.append(Scope(id=live), r) for r in turn_by_turn(conversation)]

    outcomes = _run(neo4j_config, extraction, embeddings, append_all)
    assert all(o.stored == 1 for o in outcomes)
    stored, appended = _edus(driver, whole), _edus(driver, live)
    same = sum((stored & appended).values())
    assert same / sum(stored.values()) >= 0.95, (stored - appended, appended - stored)
    assert _turns(driver, live) == _turns(driver, whole)
    # One entity per thing either way (a plural said before its singular keeps the plural's key).
    assert len(_entity_counts(driver, live)) == len(_entity_counts(driver, whole))
    assert _entity_counts(driver, live) == _entity_counts(driver, live, RECOUNTED)


def test_a_retried_append_stores_nothing_and_a_changed_turn_is_refused(
    driver: Driver,
    neo4j_config: Neo4jConfig,
    extraction: ParallelExtraction,
    embeddings: LocalEmbeddings,
    scope: str,
) -> None:
    first = _record(_turn("Ana", "We adopted a dog called Biscuit.", "m1"))
    both = _record(
        _turn("Ana", "We adopted a dog called Biscuit.", "m1"),
        _turn("Ben", "What a lovely name for a dog!"),
    )

    async def work(_: AsyncDriver, pipeline: IngestPipeline) -> list[AppendOutcome]:
        target = Scope(id=scope)
        done = [await pipeline.append(target, r) for r in (first, first, both)]
        with pytest.raises(SessionConflictError, match="m1"):
            await pipeline.append(target, _record(_turn("Ana", "We adopted a cat.", "m1")))
        return done

    created, again, mixed = _run(neo4j_config, extraction, embeddings, work)
    assert (created.created, created.stored, created.turn_count) == (True, 1, 1)
    assert (again.created, again.stored, again.edus, again.turn_count) == (False, 0, 0, 1)
    assert [(t.source_id, t.position, t.new) for t in mixed.turns] == [
        ("m1", 0, False),
        ("2025-03-04:1", 1, True),
    ]
    assert [(p, i) for p, i, _ in _turns(driver, scope)] == [(0, "m1"), (1, "2025-03-04:1")]
    assert "Biscuit" in " ".join(text for _, text in _edus(driver, scope))


def test_eight_clients_appending_to_one_session_at_once_lose_and_double_nothing(
    driver: Driver,
    neo4j_config: Neo4jConfig,
    extraction: ParallelExtraction,
    embeddings: LocalEmbeddings,
    scope: str,
) -> None:
    clients, each = 8, 3

    async def client(n: int) -> list[AppendOutcome]:
        # Each client its own driver and pipeline, as eight workers would have.
        async with open_driver(neo4j_config) as own:
            pipeline = IngestPipeline(
                own, neo4j_config.database, extraction, embeddings, embeddings.record
            )
            return [
                await pipeline.append(
                    Scope(id=scope),
                    _record(_turn(f"Worker{n}", f"Worker {n} finished task {i}.", f"w{n}-{i}")),
                )
                for i in range(each)
            ]

    async def all_at_once(driver: AsyncDriver, pipeline: IngestPipeline) -> list[AppendOutcome]:
        await pipeline.append(Scope(id=scope), _record(_turn("Lead", "Let us start.", "start")))
        done = await asyncio.gather(*(client(n) for n in range(clients)))
        return [o for outcomes in done for o in outcomes]

    outcomes = _run(neo4j_config, extraction, embeddings, all_at_once)
    turns = _turns(driver, scope)
    assert [p for p, _, _ in turns] == list(range(1 + clients * each))
    assert Counter(i for _, i, _ in turns) == Counter(
        ["start"] + [f"w{n}-{i}" for n in range(clients) for i in range(each)]
    )
    assert [nxt for _, _, nxt in turns] == [i for _, i, _ in turns[1:]] + [None]
    assert sorted(o.turns[0].position for o in outcomes) == list(range(1, 1 + clients * each))


@pytest.mark.parametrize("mode", ["hybrid", "associative"])
def test_an_appended_turn_is_recalled_at_once_from_the_index_kept(
    mode: str,
    ingest: Ingest,
    neo4j_config: Neo4jConfig,
    extraction: ParallelExtraction,
    embeddings: LocalEmbeddings,
    preparer: QueryPreparer,
    scope: str,
) -> None:
    ingest([_sample()], scope)
    lexicon = LexicalIndexes()
    preset = PRESETS[mode]
    question = preparer.prepare("What is the name of Ana's parrot?")

    async def work(driver: AsyncDriver, pipeline: IngestPipeline) -> tuple[int, int, list[str]]:
        db = neo4j_config.database
        await recall(driver, db, scope, question, k=5, preset=preset, lexicon=lexicon)
        before = lexicon.get(scope)
        assert before is not None
        held = len(before.edus.ids)
        record = _record(_turn("Ana", "My parrot is called Captain Crumble.", "parrot"))
        await pipeline.append(Scope(id=scope), record)
        hits = await recall(driver, db, scope, question, k=5, preset=preset, lexicon=lexicon)
        assert lexicon.get(scope) is before, "the index was built again"
        return held, len(before.edus.ids), [t.source_id for h in hits for t in h.turns]

    held, now, found = _run(neo4j_config, extraction, embeddings, work)
    assert now == held + 1
    assert "parrot" in found
