"""How projection refresh and scene building grow with a scope's size (a benchmark).

A scope of N× a source graph is made by copying the source scopes N times into one scope
(``bench/copy_scope``: nodes and relationships, no embeddings), then timed: a projection
refresh, and a full scene build (projection, Leiden, writes, summaries, personas, projection
with scenes).
"""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from neo4j import AsyncDriver

from hippograph.graph.gds.projection import refresh_projection
from hippograph.graph.gds.scenes import build_scenes
from hippograph.graph.store import copy_scope, delete_scope


@dataclass(frozen=True)
class ScaleRun:
    scale: int
    edus: int
    nodes: int
    relationships: int
    copy_seconds: float
    refresh_seconds: float
    scenes_seconds: float
    scenes: int


async def measure_scale(
    driver: AsyncDriver,
    database: str,
    sources: Sequence[str],
    scale: int,
    target: str,
    on_step: Callable[[str], None] = lambda _: None,
) -> ScaleRun:
    """Copy ``sources`` ``scale`` times into ``target``, time refresh and scene build, clean up."""
    await delete_scope(driver, database, target)
    started = time.perf_counter()
    edus = 0
    for n in range(scale):
        for source in sources:
            on_step(f"copying {source} ({n + 1}/{scale})")
            edus += await copy_scope(driver, database, source, target, f"#{source}-{n}")
    copied = time.perf_counter() - started
    try:
        on_step("refreshing the projection")
        projection = await refresh_projection(driver, database, target)
        on_step("building scenes")
        report = await build_scenes(driver, database, target)
        return ScaleRun(
            scale=scale,
            edus=edus,
            nodes=projection.nodes,
            relationships=projection.relationships,
            copy_seconds=copied,
            refresh_seconds=projection.seconds,
            scenes_seconds=sum(report.seconds.values()),
            scenes=report.scenes,
        )
    finally:
        on_step("deleting the copies")
        await delete_scope(driver, database, target)
