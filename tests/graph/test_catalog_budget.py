"""The GDS catalog within its budget: six times as many small scopes as it has room for, one
recall in each in random order, twice, never take hippograph's projections over the budget, and
every recall answers (the ones whose projection was dropped project again). A thousand scopes
and more is a benchmark (`hippograph bench scale FILE --sizes 1000 --tenants 1000
--tenant-edus 100 --modes associative-warm` reports the catalog after the run): at about 0.2 s
a cold recall and 0.3 s an ingest, it would take half the suite's time here. Associative recall
proper never builds a projection for a recall (it spreads locally where none is warm): the
preset here is the one that propagates over warm projections only."""

import asyncio
import random
import statistics
import time
import uuid
from collections.abc import Iterator

import pytest

from hippograph.graph.connection import Neo4jConfig, open_driver
from hippograph.graph.gds.catalog import SMALLEST_PROJECTION_BYTES, WarmCatalog
from hippograph.graph.gds.projection import drop_projections
from hippograph.graph.model import Conversation, Session, Turn
from hippograph.graph.recall.engine import recall
from hippograph.graph.recall.presets import PRESETS
from hippograph.graph.schema import apply_schema
from hippograph.graph.store import delete_scope
from hippograph.ingest.embedding.local import LocalEmbeddings
from hippograph.ingest.parallel import ParallelExtraction
from hippograph.ingest.pipeline import IngestPipeline
from hippograph.ingest.recall_query import QueryPreparer

SCOPES = 60
BUDGET = 10 * SMALLEST_PROJECTION_BYTES  # room for about ten small scopes
POTTERS = ["Nadia", "Tomas", "Ines", "Kwame", "Lotte", "Ravi", "Saoirse", "Yuki"]


def _studio(owner: str, friend: str, n: int) -> Conversation:
    """Two short sessions of a pottery studio chat; every scope gets its own pair of names."""
    said = [
        [(owner, f"I finally fired the celadon bowl number {n} in the gas kiln."),
         (friend, "Did the glaze crawl again?"),
         (owner, "No, sanding the foot ring first fixed it.")],
        [(friend, f"The Saturday market wants {n % 7 + 2} mugs from you."),
         (owner, "Then I will throw them on Thursday at the studio.")],
    ]  # fmt: skip
    sessions = tuple(
        Session(
            id=f"day-{d}",
            turns=tuple(
                Turn(id=f"day-{d}:{i}", speaker=s, text=t) for i, (s, t) in enumerate(turns)
            ),
        )
        for d, turns in enumerate(said)
    )
    return Conversation(id=f"studio-{n}", sessions=sessions, participants=(owner, friend))


@pytest.fixture(scope="module")
def prefix() -> Iterator[str]:
    yield f"test-budget-{uuid.uuid4().hex[:8]}-"


def test_many_scopes_recalled_twice_stay_within_the_budget(
    neo4j_config: Neo4jConfig,
    extraction: ParallelExtraction,
    embeddings: LocalEmbeddings,
    preparer: QueryPreparer,
    prefix: str,
) -> None:
    conversations = [_studio(POTTERS[n % 8], POTTERS[(n * 3 + 1) % 8], n) for n in range(SCOPES)]
    question = preparer.prepare("What fixed the crawling glaze on the celadon bowl?")
    order = [c.id for c in conversations] * 2
    random.Random(7).shuffle(order)
    cold: list[float] = []

    async def run() -> tuple[int, list[int], int]:
        async with open_driver(neo4j_config) as driver:
            database = neo4j_config.database
            catalog = WarmCatalog(BUDGET, on_cold=cold.append)
            await apply_schema(driver, database, embeddings.dimensions)
            pipeline = IngestPipeline(
                driver, database, extraction, embeddings, embeddings.record, catalog
            )
            highest = 0
            try:
                await pipeline.ingest(conversations, scope_prefix=prefix)
                answered: list[int] = []
                for conversation in order:
                    hits = await recall(
                        driver, database, prefix + conversation, question, k=3,
                        preset=PRESETS["associative-warm"], catalog=catalog,
                    )  # fmt: skip
                    answered.append(len(hits))
                    highest = max(highest, (await catalog.usage(driver, database)).bytes)
                return highest, answered, (await catalog.usage(driver, database)).scopes
            finally:
                for conversation in conversations:
                    await delete_scope(driver, database, prefix + conversation.id)
                    await drop_projections(driver, database, prefix + conversation.id)

    started = time.perf_counter()
    highest, answered, warm = asyncio.run(run())
    assert highest <= BUDGET, (highest, BUDGET)
    assert len(answered) == 2 * SCOPES and min(answered) >= 1
    assert 1 < warm <= 10
    assert len(cold) >= SCOPES  # most recalls found their scope dropped
    p95 = statistics.quantiles(cold, n=20)[-1]
    print(f"\n{SCOPES} scopes, {len(cold)} cold projections, p95 {p95 * 1000:.0f} ms, "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip
