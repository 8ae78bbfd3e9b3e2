"""Recall latency per preset: one client, warm projections, prepared questions (a benchmark),
beside the floor: the same recall in memory (evaluation/floor.py) on the same questions, with
the ratio of the two and how far their top k agree."""

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from neo4j import AsyncDriver

from hippograph.evaluation.floor import FloorScope
from hippograph.graph.gds.projection import warm_projection
from hippograph.graph.recall.engine import recall
from hippograph.graph.recall.lexical import LexicalIndexes
from hippograph.graph.recall.model import RecallQuery
from hippograph.graph.recall.presets import RecallPreset
from hippograph.graph.recall.snapshot import read_snapshot


@dataclass(frozen=True)
class Latency:
    preset: str
    recalls: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    floor_p50_ms: float
    floor_p95_ms: float
    # Mean share of the engine's top k that the floor's top k holds too.
    agreement: float

    @property
    def p50_ratio(self) -> float:
        return self.p50_ms / self.floor_p50_ms

    @property
    def p95_ratio(self) -> float:
        return self.p95_ms / self.floor_p95_ms


def percentile(values: Sequence[float], q: float) -> float:
    """The value at quantile ``q`` (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def measure_latency(
    driver: AsyncDriver,
    database: str,
    asked: Sequence[tuple[str, RecallQuery]],
    presets: Sequence[RecallPreset],
    k: int,
    warmup: int = 20,
    advance: Callable[[], None] = lambda: None,
) -> list[Latency]:
    """Time each preset over every (scope, query), the engine then the floor on each; the
    first ``warmup`` are run, not timed."""
    floors = {}
    for scope in {scope for scope, _ in asked}:
        await warm_projection(driver, database, scope)
        floors[scope] = FloorScope(await read_snapshot(driver, database, scope))
    results = []
    lexicon = LexicalIndexes()  # as a server keeps them
    for preset in presets:
        for scope, query in asked[:warmup]:
            await recall(driver, database, scope, query, k=k, preset=preset, lexicon=lexicon)
            floors[scope].recall(query, preset, k)
        engine, floor, agreed = [], [], []
        for scope, query in asked:
            started = time.perf_counter()
            hits = await recall(driver, database, scope, query, k=k, preset=preset, lexicon=lexicon)
            engine.append(1000 * (time.perf_counter() - started))
            started = time.perf_counter()
            reference = floors[scope].recall(query, preset, k)
            floor.append(1000 * (time.perf_counter() - started))
            ids = {h.id for h in hits}
            agreed.append(len(ids & {h.id for h in reference}) / len(ids) if ids else 1.0)
            advance()
        results.append(
            Latency(
                preset=preset.name,
                recalls=len(engine),
                p50_ms=statistics.median(engine),
                p95_ms=percentile(engine, 0.95),
                p99_ms=percentile(engine, 0.99),
                max_ms=max(engine),
                floor_p50_ms=statistics.median(floor),
                floor_p95_ms=percentile(floor, 0.95),
                agreement=statistics.mean(agreed),
            )
        )
    return results
