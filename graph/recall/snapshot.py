"""A scope's recall inputs read whole, for measuring sticks that recompute recall in memory.

The benchmark's floor (evaluation/floor.py) runs the same recall as the engine over numpy
arrays; it needs what the engine's statements read: the EDUs with their vectors and weights'
inputs, the entities as seeds, and the relationships and weights of the scope's current GDS
projection, exactly as PageRank sees them. Reading them is not timed.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncDriver

from hippograph.graph.cypher import execute, native_row


@dataclass(frozen=True)
class SnapshotEDU:
    id: str
    text: str
    key: str | None
    context: str | None
    act: str | None
    session: str
    date: dt.date | None
    date_end: dt.date | None
    day: dt.date | None
    embedding: list[float]
    context_embedding: list[float] | None
    speakers: list[str]
    turns: list[dict[str, Any]]


@dataclass(frozen=True)
class SnapshotEntity:
    id: str
    name: str | None
    embedding: list[float] | None
    session_count: int
    projected: bool


@dataclass(frozen=True)
class SnapshotArc:
    """One direction of a projected relationship; nodes are ``Label:id``."""

    source: str
    target: str
    type: str
    weight: float


@dataclass(frozen=True)
class ScopeSnapshot:
    scope: str
    edus: list[SnapshotEDU]
    entities: list[SnapshotEntity]
    arcs: list[SnapshotArc]


async def read_snapshot(driver: AsyncDriver, database: str, scope: str) -> ScopeSnapshot:
    """Everything recall reads of ``scope`` (its projection must be in the catalog)."""

    async def rows(name: str) -> list[dict[str, Any]]:
        records = await execute(driver, database, name, {"scope": scope}, read=True)
        return [native_row(r.data()) for r in records]

    return ScopeSnapshot(
        scope=scope,
        edus=[SnapshotEDU(**row) for row in await rows("bench/list_scope_edus")],
        entities=[SnapshotEntity(**row) for row in await rows("bench/list_scope_entities")],
        arcs=[SnapshotArc(**row) for row in await rows("bench/stream_projection_weights")],
    )
