"""How recall, projection refresh and scene building grow with a scope's size, and recall
across many scopes (a benchmark).

Growth: one scope is filled with copies of the source scopes (``bench/copy_scope``: every node,
property and relationship, ids suffixed, embeddings perturbed so that a copy is a near, not an
equal, neighbour of its source) until it holds each size in EDUs. At each size the projection
is refreshed, the scope's BM25 index built, the questions recalled in each mode and the scenes
built, each timed. A question of a source is asked of the first copy of its entities.

Tenants: many scopes, each one copy of the source nearest the size asked, recalled in random
order through a catalog with the server's projection budget and a server's lexical cache, so
that cold projections and cold indexes count as they would for a server with many users.
"""

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

from neo4j import AsyncDriver

from hippograph.evaluation.latency import Timing, time_recalls
from hippograph.graph.connection import Neo4jConfig
from hippograph.graph.gds.catalog import CatalogUsage, WarmCatalog
from hippograph.graph.gds.projection import refresh_projection
from hippograph.graph.gds.scenes import build_scenes
from hippograph.graph.recall.lexical import LexicalIndexes, lexical_index
from hippograph.graph.recall.model import RecallQuery
from hippograph.graph.recall.presets import RecallPreset
from hippograph.graph.store import copy_scope, delete_scope, session_edus

GROWN_SCOPE = "bench-scale"
TENANT_PREFIX = "bench-tenant-"
# Each component moves by up to ±0.005: a copy keeps a cosine of about 0.999 to its source.
NOISE = 0.01

Step = Callable[[str], None]


@dataclass(frozen=True)
class SizeRun:
    edus: int
    nodes: int
    relationships: int
    copy_seconds: float
    refresh_seconds: float
    lexical_seconds: float
    scenes_seconds: float | None  # None: not built at this size
    scenes: int | None
    recall: Mapping[str, Timing]


@dataclass(frozen=True)
class TenantRun:
    scopes: int
    edus_each: int
    copy_seconds: float
    cold_projections: int
    evictions: int
    recall: Mapping[str, Timing]
    # What the GDS catalog held once the recalls were done (warm projections of any scope).
    catalog: CatalogUsage


def _suffix(source: str, n: int) -> str:
    return f"#{source}-{n}"


def _asked_of_copy(query: RecallQuery, source: str) -> RecallQuery:
    """The question as it reads in a copy: about the first copy's entities."""
    keys = tuple(key + _suffix(source, 0) for key in query.entity_keys)
    return query.model_copy(update={"entity_keys": keys})


def _sample(
    questions: Sequence[tuple[str, RecallQuery]], sources: set[str], count: int, seed: int
) -> list[tuple[str, RecallQuery]]:
    pool = [(s, q) for s, q in questions if s in sources]
    return random.Random(seed).sample(pool, min(count, len(pool)))


async def _time_modes(
    driver: AsyncDriver,
    database: str,
    asked: Sequence[tuple[str, RecallQuery]],
    presets: Sequence[RecallPreset],
    k: int,
    lexicon: LexicalIndexes,
    catalog: WarmCatalog | None,
    step: Step,
) -> dict[str, Timing]:
    timings = {}
    for preset in presets:
        step(f"recalling ({preset.name})")
        milliseconds, _ = await time_recalls(
            driver, database, asked, preset, k, lexicon, catalog=catalog
        )
        timings[preset.name] = Timing.of(milliseconds)
    return timings


async def measure_growth(
    driver: AsyncDriver,
    neo4j: Neo4jConfig,
    questions: Sequence[tuple[str, RecallQuery]],
    sizes: Sequence[int],
    presets: Sequence[RecallPreset],
    k: int,
    sample: int,
    scenes_up_to: int,
    step: Step = lambda _: None,
    measured: Callable[[SizeRun], None] = lambda _: None,
) -> list[SizeRun]:
    """Grow one scope from the sources that ``questions`` name through ``sizes`` (EDUs),
    timing each size (scenes only up to ``scenes_up_to`` EDUs) and telling ``measured``; the
    scope is deleted after."""
    database = neo4j.database
    sources = sorted({source for source, _ in questions})
    await delete_scope(driver, database, GROWN_SCOPE)
    runs: list[SizeRun] = []
    copied: set[str] = set()
    edus, rounds, position = 0, 0, 0
    try:
        for size in sorted(sizes):
            started = time.perf_counter()
            while edus < size:
                source = sources[position]
                step(f"{size:,} EDUs: copying ({edus:,} so far)")
                edus += await copy_scope(
                    driver, database, source, GROWN_SCOPE, _suffix(source, rounds), NOISE
                )
                copied.add(source)
                position = (position + 1) % len(sources)
                rounds += position == 0
            copy_seconds = time.perf_counter() - started

            def at_size(text: str, size: int = size) -> None:
                step(f"{size:,} EDUs: {text}")

            run = await _measure_size(
                driver, neo4j, questions, copied, edus, copy_seconds, presets, k, sample,
                edus <= scenes_up_to, at_size,
            )  # fmt: skip
            runs.append(run)
            measured(run)
        return runs
    finally:
        step("deleting the grown scope")
        await delete_scope(driver, database, GROWN_SCOPE)


async def _measure_size(
    driver: AsyncDriver,
    neo4j: Neo4jConfig,
    questions: Sequence[tuple[str, RecallQuery]],
    copied: set[str],
    edus: int,
    copy_seconds: float,
    presets: Sequence[RecallPreset],
    k: int,
    sample: int,
    with_scenes: bool,
    step: Step,
) -> SizeRun:
    database = neo4j.database
    step("refreshing the projection")
    projection = await refresh_projection(driver, database, GROWN_SCOPE)
    step("building the BM25 index")
    lexicon = LexicalIndexes()
    started = time.perf_counter()
    await lexical_index(driver, database, GROWN_SCOPE, lexicon)
    lexical_seconds = time.perf_counter() - started
    asked = [
        (GROWN_SCOPE, _asked_of_copy(query, source))
        for source, query in _sample(questions, copied, sample, seed=edus)
    ]
    timings = await _time_modes(driver, database, asked, presets, k, lexicon, None, step)
    report = None
    if with_scenes:
        step("building scenes")
        report = await build_scenes(driver, neo4j, GROWN_SCOPE)
    return SizeRun(
        edus=edus,
        nodes=projection.nodes,
        relationships=projection.relationships,
        copy_seconds=copy_seconds,
        refresh_seconds=projection.seconds,
        lexical_seconds=lexical_seconds,
        scenes_seconds=sum(report.seconds.values()) if report else None,
        scenes=report.scenes if report else None,
        recall=timings,
    )


async def measure_tenants(
    driver: AsyncDriver,
    database: str,
    questions: Sequence[tuple[str, RecallQuery]],
    source_edus: Mapping[str, int],
    scopes: int,
    edus_each: int,
    presets: Sequence[RecallPreset],
    k: int,
    sample: int,
    budget_bytes: int | None,
    lexical_scopes: int,
    step: Step = lambda _: None,
    beside: Callable[[], Awaitable[object]] | None = None,
) -> TenantRun:
    """Copy the source nearest ``edus_each`` EDUs (its first sessions, when it has more than
    twice that) into ``scopes`` scopes and recall in them in random order, ``sample``
    questions per mode, as a server with that projection budget and that many lexical indexes
    kept would; then ``beside``, while the scopes are there. The scopes are deleted after."""
    source = min(source_edus, key=lambda s: (abs(source_edus[s] - edus_each), s))
    sessions = None
    if source_edus[source] > 2 * edus_each:
        sessions = _first_sessions(await session_edus(driver, database, source), edus_each)
    tenants = [f"{TENANT_PREFIX}{n:05d}" for n in range(scopes)]
    cold, evicted = [0], [0]
    catalog = WarmCatalog(
        budget_bytes,
        on_cold=lambda _: cold.__setitem__(0, cold[0] + 1),
        on_evict=lambda: evicted.__setitem__(0, evicted[0] + 1),
    )
    lexicon = LexicalIndexes(lexical_scopes)
    started = time.perf_counter()
    copied = [0]

    async def copy(tenant: str) -> None:
        copied[0] = await copy_scope(
            driver, database, source, tenant, _suffix(source, 0), NOISE, sessions
        )

    try:
        await _each(tenants, step, f"copying {source} into", copy)
        copy_seconds = time.perf_counter() - started
        picked = random.Random(scopes)
        own = [_asked_of_copy(q, s) for s, q in questions if s == source]
        asked = [(picked.choice(tenants), picked.choice(own)) for _ in range(sample)]
        timings = await _time_modes(driver, database, asked, presets, k, lexicon, catalog, step)
        usage = await catalog.usage(driver, database)
        if beside:
            step(f"recalling beside {scopes:,} scopes")
            await beside()
        return TenantRun(scopes, copied[0], copy_seconds, cold[0], evicted[0], timings, usage)
    finally:
        await _each(tenants, step, "deleting", lambda t: delete_scope(driver, database, t))


def _first_sessions(sessions: Sequence[tuple[str, int]], edus: int) -> list[str]:
    """The first sessions that hold at least ``edus`` EDUs together."""
    taken, held = [], 0
    for session, count in sessions:
        if held >= edus:
            break
        taken.append(session)
        held += count
    return taken


async def _each(
    scopes: Sequence[str], step: Step, doing: str, work: Callable[[str], Awaitable[object]]
) -> None:
    """``work`` on every scope, two at a time (one transaction a core)."""
    done = 0
    gate = asyncio.Semaphore(2)

    async def one(scope: str) -> None:
        nonlocal done
        async with gate:
            await work(scope)
        done += 1
        step(f"{doing} {done:,}/{len(scopes):,} scopes")

    await asyncio.gather(*(one(scope) for scope in scopes))
