"""Recall latency per preset: one client, warm projections, prepared questions (a benchmark)."""

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from neo4j import AsyncDriver

from hippograph.graph.gds.projection import warm_projection
from hippograph.graph.recall.engine import recall
from hippograph.graph.recall.lexical import LexicalIndexes
from hippograph.graph.recall.model import RecallQuery
from hippograph.graph.recall.presets import RecallPreset


@dataclass(frozen=True)
class Latency:
    preset: str
    recalls: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float


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
    """Time each preset over every (scope, query); the first ``warmup`` are run, not timed."""
    for scope in {scope for scope, _ in asked}:
        await warm_projection(driver, database, scope)
    results = []
    lexicon = LexicalIndexes()  # as a server keeps them
    for preset in presets:
        for scope, query in asked[:warmup]:
            await recall(driver, database, scope, query, k=k, preset=preset, lexicon=lexicon)
        seconds = []
        for scope, query in asked:
            started = time.perf_counter()
            await recall(driver, database, scope, query, k=k, preset=preset, lexicon=lexicon)
            seconds.append(time.perf_counter() - started)
            advance()
        ms = [s * 1000 for s in seconds]
        results.append(
            Latency(
                preset=preset.name,
                recalls=len(ms),
                p50_ms=statistics.median(ms),
                p95_ms=percentile(ms, 0.95),
                p99_ms=percentile(ms, 0.99),
                max_ms=max(ms),
            )
        )
    return results
