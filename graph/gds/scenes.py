"""Scenes and personas: Leiden communities of a scope's memory graph, summarized.

A scene is a Leiden community of EDUs (with the entities and turns that bind them) at one
level of the hierarchy; level 0 is the finest, and each scene is PART_OF one at the level
above. Summaries here are extractive (the scene's most central EDUs; see
``scenes/summarize_scenes``); ingest/summaries.py rewrites them with a chat model when one is
configured. A persona gathers what one speaker said: dominant scenes and salient facts.

Leiden runs on the graphdatascience client, whose calls block, so in a worker thread: the
server's event loop goes on answering meanwhile. The build then replaces the scope's scenes and
personas in one transaction, so readers see the old set or the new one, never a mix. A fixed
seed with one thread makes the finer levels repeatable; GDS 2.26's Leiden can still settle the
uppermost levels of a large graph differently from one run to the next on the same projection
(two dev conversations of five: their last one or three levels alternate between two
partitions), so a rebuild may regroup a few top-level scenes.
"""

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from hippograph.graph.connection import Neo4jConfig
from hippograph.graph.cypher import execute, native_row, run_query
from hippograph.graph.errors import NotFoundError
from hippograph.graph.gds.projection import ENTITY_LINK, TURN_LINK, refresh_projection
from hippograph.graph.model import Persona, Scene, SummaryWrite

# Leiden sees what an EDU is about and the EDUs of the same turn; not the order of turns (with
# NEXT, scenes were fragments of single sessions: 1.75 sessions per top-level scene on a dev
# conversation, against 3.5 without), and never the scenes of the last build.
LEIDEN_TYPES = (ENTITY_LINK, TURN_LINK)
# Lower-cased words that mark a statement of fact or preference about its speaker.
FACT_MARKERS = (
    " likes ", " loves ", " enjoys ", " prefers ", " hates ", " favorite", " favourite",
    " wants ", " plans ", " hopes ", " dreams ", " works ", " lives ", " moved ", " has a ",
    " is a ", " believes ", " decided ", " started ", " is passionate",
)  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class SceneConfig:
    # Below 1, modularity favours larger communities: at 0.5 the top-level scenes of a dev
    # conversation hold 25 EDUs from 5 sessions (at 1.0: 16 from 3.5), and planted topics
    # are not split along their turns.
    gamma: float = 0.5
    max_levels: int = 10
    seed: int = 42
    min_size: int = 3
    top_entities: int = 5
    summary_edus: int = 3
    dominant_scenes: int = 5
    facts: int = 10


@dataclass
class SceneReport:
    scope: str
    scenes_per_level: dict[int, int] = field(default_factory=dict)
    personas: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def scenes(self) -> int:
        return sum(self.scenes_per_level.values())


def stream_leiden(
    neo4j: Neo4jConfig, graph: str, labels: Sequence[str], types: Sequence[str], config: SceneConfig
) -> list[dict[str, Any]]:
    """Leiden's communities of the projection ``graph``, every level, one row per node:
    ``{"node": GDS node id, "ids": [community at level 0, 1, ...]}``. Blocks."""
    from hippograph.graph.gds.client import open_gds  # on use: see graph/gds/client.py

    with open_gds(neo4j) as gds:
        frame = gds.leiden.stream(
            gds.graph.get(graph),
            node_labels=list(labels),
            relationship_types=list(types),
            relationship_weight_property="weight",
            include_intermediate_communities=True,
            gamma=config.gamma,
            max_levels=config.max_levels,
            random_seed=config.seed,
            concurrency=1,
            log_progress=False,
        )
    return [
        {"node": int(node), "ids": [int(i) for i in ids]}
        for node, ids in zip(frame["nodeId"], frame["intermediateCommunityIds"], strict=True)
    ]


async def _write_scenes(
    tx: AsyncManagedTransaction,
    scope: str,
    communities: list[dict[str, Any]],
    config: SceneConfig,
    report: SceneReport,
    on_step: Callable[[str], None],
) -> None:
    """The scope's scenes replaced by ``communities``' (linked and summarized), and its
    personas written anew; what was written goes into ``report``."""
    await run_query(tx, "scenes/delete_scenes", scope=scope)
    if not communities:
        return
    levels = await run_query(
        tx, "scenes/write_scenes", scope=scope, rows=communities, min_size=config.min_size
    )
    report.scenes_per_level.update({r["level"]: r["scenes"] for r in levels})
    await run_query(tx, "scenes/link_scenes", scope=scope)
    on_step("summarizing")
    await run_query(
        tx,
        "scenes/summarize_scenes",
        scope=scope,
        top_entities=config.top_entities,
        summary_edus=config.summary_edus,
    )
    on_step("personas")
    personas = await run_query(
        tx,
        "scenes/write_personas",
        scope=scope,
        dominant_scenes=config.dominant_scenes,
        facts=config.facts,
        fact_markers=list(FACT_MARKERS),
    )
    report.personas = personas[0]["personas"] if personas else 0


async def build_scenes(
    driver: AsyncDriver,
    neo4j: Neo4jConfig,
    scope: str,
    config: SceneConfig | None = None,
    on_step: Callable[[str], None] = lambda _: None,
) -> SceneReport:
    """Replace the scope's scenes and personas with ones computed from its current graph."""
    config = config or SceneConfig()
    database = neo4j.database
    report = SceneReport(scope)
    started = time.perf_counter()
    on_step("projecting")
    appends = await execute(driver, database, "gds/get_appends", {"scope": scope})
    projection = await refresh_projection(driver, database, scope, rewritten=False)
    report.seconds["project"] = time.perf_counter() - started
    types = [t for t in LEIDEN_TYPES if t in projection.types]
    labels = [label for label in ("EDU", "Entity", "Turn") if label in projection.labels]
    communities: list[dict[str, Any]] = []
    if types:
        on_step("running Leiden")
        started = time.perf_counter()
        communities = await asyncio.to_thread(
            stream_leiden, neo4j, projection.graph, labels, types, config
        )
        report.seconds["leiden"] = time.perf_counter() - started

    async def write(tx: AsyncManagedTransaction) -> None:
        await _write_scenes(tx, scope, communities, config, report, on_step)

    started = time.perf_counter()
    on_step("writing scenes")
    async with driver.session(database=database) as session:
        await session.execute_write(write)
    report.seconds["write"] = time.perf_counter() - started
    # Recall spreads activation through the new scenes: project them.
    started = time.perf_counter()
    on_step("projecting with scenes")
    await refresh_projection(driver, database, scope, rewritten=False)
    values = {"scope": scope, "appends": appends[0]["appends"]}
    await execute(driver, database, "scenes/set_scened_appends", values)
    report.seconds["reproject"] = time.perf_counter() - started
    return report


def _scene(row: dict[str, Any]) -> Scene:
    return Scene.model_validate(native_row(row))


async def list_scenes(
    driver: AsyncDriver,
    database: str,
    scope: str,
    level: int | None = None,
    limit: int = 100,
    skip: int = 0,
) -> list[Scene]:
    """The scope's scenes at ``level`` (every level when None), finest level and largest first:
    ``limit`` of them after the first ``skip``."""
    records = await execute(
        driver,
        database,
        "scenes/list_scenes",
        {"scope": scope, "level": level, "skip": skip, "limit": limit},
        read=True,
    )
    return [_scene(r["scene"]) for r in records]


async def get_persona(driver: AsyncDriver, database: str, scope: str, speaker: str) -> Persona:
    """The persona of ``speaker`` (entity id or name); NotFoundError if the scope has none."""
    records = await execute(
        driver, database, "scenes/get_persona", {"scope": scope, "speaker": speaker}, read=True
    )
    if not records:
        raise NotFoundError(
            f"no persona for {speaker!r} in scope {scope!r} (run `hippograph scenes build`)"
        )
    row = records[0]
    return Persona.model_validate(
        row["persona"]
        | {"scenes": [_scene(c) for c in row["scenes"]], "facts": tuple(row["facts"])}
    )


async def list_personas(driver: AsyncDriver, database: str, scope: str) -> list[Persona]:
    """Every persona of the scope, in full, most statements first."""
    records = await execute(driver, database, "scenes/list_personas", {"scope": scope}, read=True)
    return [await get_persona(driver, database, scope, r["id"]) for r in records]


async def set_summaries(
    driver: AsyncDriver, database: str, scope: str, summaries: Sequence[SummaryWrite]
) -> int:
    """Replace scenes' and personas' extractive summaries; returns how many were replaced."""
    rows = [s.model_dump(mode="json") for s in summaries]
    records = await execute(
        driver, database, "scenes/set_summaries", {"scope": scope, "summaries": rows}
    )
    return int(records[0]["updated"]) if records else 0


@dataclass(frozen=True)
class SceneStaleness:
    """How far a scope's scenes lag behind its appends: EDUs appended after the scenes were
    built belong to no scene until they are built again."""

    scenes: int
    edus: int
    without_scene: int

    @property
    def stale(self) -> bool:
        return self.scenes > 0 and self.without_scene > 0

    @property
    def scened(self) -> int:
        """The EDUs the scenes were built from."""
        return self.edus - self.without_scene


async def scene_staleness(driver: AsyncDriver, database: str, scope: str) -> SceneStaleness:
    records = await execute(driver, database, "scenes/get_staleness", {"scope": scope}, read=True)
    row = records[0]
    return SceneStaleness(row["scenes"], row["edus"], row["without_scene"])
