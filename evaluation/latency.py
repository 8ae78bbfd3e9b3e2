"""Recall latency per preset: one client, prepared questions (a benchmark), beside the floor:
the same recall in memory (evaluation/floor.py) on the same questions, with the ratio of the
two and how far their top k agree."""

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from neo4j import AsyncDriver

from hippograph.evaluation.floor import FloorScope
from hippograph.graph.gds.catalog import WarmCatalog
from hippograph.graph.gds.projection import warm_projection
from hippograph.graph.recall.engine import recall
from hippograph.graph.recall.lexical import LexicalIndexes
from hippograph.graph.recall.model import RecallHit, RecallQuery
from hippograph.graph.recall.presets import RecallPreset
from hippograph.graph.recall.snapshot import read_snapshot
from hippograph.ingest.formats.questions import Question
from hippograph.ingest.recall_query import QueryPreparer


@dataclass(frozen=True)
class Timing:
    recalls: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    @classmethod
    def of(cls, milliseconds: Sequence[float]) -> "Timing":
        return cls(
            recalls=len(milliseconds),
            p50_ms=statistics.median(milliseconds),
            p95_ms=percentile(milliseconds, 0.95),
            p99_ms=percentile(milliseconds, 0.99),
            max_ms=max(milliseconds),
        )


@dataclass(frozen=True)
class Latency:
    preset: str
    engine: Timing
    floor: Timing
    # Mean share of the engine's top k that the floor's top k holds too.
    agreement: float

    @property
    def p50_ratio(self) -> float:
        return self.engine.p50_ms / self.floor.p50_ms

    @property
    def p95_ratio(self) -> float:
        return self.engine.p95_ms / self.floor.p95_ms


def preparation_latency(
    preparer: QueryPreparer, questions: Sequence[Question], advance: Callable[[], None]
) -> Timing:
    """Each question prepared alone, as one API request is (dates, entity keys, the embedding),
    timed: the part of a recall's cost that the embedding model sets."""
    milliseconds = []
    for question in questions:
        started = time.perf_counter()
        preparer.prepare(question.question, question.asked_at)
        milliseconds.append((time.perf_counter() - started) * 1000)
        advance()
    return Timing.of(milliseconds)


def percentile(values: Sequence[float], q: float) -> float:
    """The value at quantile ``q`` (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def time_recalls(
    driver: AsyncDriver,
    database: str,
    asked: Sequence[tuple[str, RecallQuery]],
    preset: RecallPreset,
    k: int,
    lexicon: LexicalIndexes,
    catalog: WarmCatalog | None = None,
    warmup: int = 20,
    advance: Callable[[], None] = lambda: None,
) -> tuple[list[float], list[list[RecallHit]]]:
    """Each (scope, query) of ``asked`` recalled as a server would (keeping ``lexicon``,
    projecting within ``catalog``), in milliseconds; the first ``warmup`` are run, not timed."""
    for scope, query in asked[:warmup]:
        await recall(
            driver, database, scope, query, k=k, preset=preset, catalog=catalog, lexicon=lexicon
        )
    timed, found = [], []
    for scope, query in asked:
        started = time.perf_counter()
        hits = await recall(
            driver, database, scope, query, k=k, preset=preset, catalog=catalog, lexicon=lexicon
        )
        timed.append(1000 * (time.perf_counter() - started))
        found.append(hits)
        advance()
    return timed, found


async def measure_latency(
    driver: AsyncDriver,
    database: str,
    asked: Sequence[tuple[str, RecallQuery]],
    presets: Sequence[RecallPreset],
    k: int,
    warmup: int = 20,
    advance: Callable[[], None] = lambda: None,
) -> list[Latency]:
    """Time each preset over every (scope, query) on warm projections, the engine then the
    floor; the first ``warmup`` are run, not timed."""
    floors = {}
    for scope in {scope for scope, _ in asked}:
        await warm_projection(driver, database, scope)
        floors[scope] = FloorScope(await read_snapshot(driver, database, scope))
    results = []
    lexicon = LexicalIndexes()  # as a server keeps them
    for preset in presets:
        engine, found = await time_recalls(
            driver, database, asked, preset, k, lexicon, warmup=warmup, advance=advance
        )
        for scope, query in asked[:warmup]:
            floors[scope].recall(query, preset, k)
        floor, agreed = [], []
        for (scope, query), hits in zip(asked, found, strict=True):
            started = time.perf_counter()
            reference = floors[scope].recall(query, preset, k)
            floor.append(1000 * (time.perf_counter() - started))
            ids = {h.id for h in hits}
            agreed.append(len(ids & {h.id for h in reference}) / len(ids) if ids else 1.0)
        results.append(
            Latency(preset.name, Timing.of(engine), Timing.of(floor), statistics.mean(agreed))
        )
    return results
