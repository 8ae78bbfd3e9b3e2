"""Browsing a scope's memory page by page: sessions, turns, EDUs, entities and neighbourhoods.

Lists nested in one answer (each session's turns, each entity's EDUs) are read for many parents
in one statement: the ``browse/list_*`` queries take pages ``{key, parent, skip, limit}`` and
answer per key, so a caller that batches its look-ups (the API's dataloaders) makes one round
trip per kind of list, however many parents the answer holds.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncDriver

from hippograph.graph.cypher import execute, native_row
from hippograph.graph.errors import NotFoundError
from hippograph.graph.model import Entity, Frozen, MentionRole
from hippograph.graph.recall.engine import details
from hippograph.graph.recall.model import SourceTurn, StoredEDU


class SessionSummary(Frozen):
    id: str
    conversation: str | None = None
    source_id: str | None = None
    started_at: datetime | None = None
    turn_count: int
    edu_count: int


class Neighbour(Frozen):
    """An entity next to another: mentioned in the same EDUs, or similar in name."""

    entity: Entity
    shared_edus: int
    similarity: float | None = None


class MentionedEntity(Frozen):
    entity: Entity
    role: MentionRole


@dataclass(frozen=True)
class PageKey:
    """One page of one parent's list: ``limit`` items after the first ``skip``."""

    parent: str
    skip: int
    limit: int


async def _rows(
    driver: AsyncDriver, database: str, name: str, values: dict[str, Any]
) -> list[dict[str, Any]]:
    records = await execute(driver, database, name, values, read=True)
    return [native_row(r.data()) for r in records]


async def _pages(
    driver: AsyncDriver, database: str, name: str, scope: str, keys: Sequence[PageKey]
) -> list[list[Any]]:
    pages = [
        {"key": i, "parent": k.parent, "skip": k.skip, "limit": k.limit} for i, k in enumerate(keys)
    ]
    rows = await _rows(driver, database, name, {"scope": scope, "pages": pages})
    found = {row["key"]: row["items"] for row in rows}
    return [found.get(i, []) for i in range(len(keys))]


def _entity(scope: str, row: dict[str, Any]) -> Entity:
    return Entity(
        scope=scope,
        key=row["id"],
        name=row["name"],
        type=row["type"],
        aliases=tuple(row["aliases"] or ()),
        session_count=row["session_count"] or 0,
        edu_count=row["edu_count"] or 0,
    )


async def list_sessions(
    driver: AsyncDriver, database: str, scope: str, skip: int, limit: int
) -> list[SessionSummary]:
    """``limit`` sessions of ``scope`` after the first ``skip``, oldest first."""
    rows = await _rows(
        driver, database, "browse/list_sessions", {"scope": scope, "skip": skip, "limit": limit}
    )
    return [SessionSummary.model_validate(row) for row in rows]


async def get_session(driver: AsyncDriver, database: str, scope: str, id: str) -> SessionSummary:
    """One session by its stored id; NotFoundError when the scope holds none."""
    rows = await _rows(driver, database, "browse/get_session", {"scope": scope, "id": id})
    if not rows:
        raise NotFoundError(f"no session {id[:200]!r} in scope {scope!r}")
    return SessionSummary.model_validate(rows[0])


async def session_turns(
    driver: AsyncDriver, database: str, scope: str, keys: Sequence[PageKey]
) -> list[list[SourceTurn]]:
    pages = await _pages(driver, database, "browse/list_session_turns", scope, keys)
    return [[SourceTurn.model_validate(t) for t in page] for page in pages]


async def session_edu_ids(
    driver: AsyncDriver, database: str, scope: str, keys: Sequence[PageKey]
) -> list[list[str]]:
    return await _pages(driver, database, "browse/list_session_edus", scope, keys)


async def entity_edu_ids(
    driver: AsyncDriver, database: str, scope: str, keys: Sequence[PageKey]
) -> list[list[str]]:
    return await _pages(driver, database, "browse/list_entity_edus", scope, keys)


async def scene_edu_ids(
    driver: AsyncDriver, database: str, scope: str, keys: Sequence[PageKey]
) -> list[list[str]]:
    return await _pages(driver, database, "browse/list_scene_edus", scope, keys)


async def entity_neighbours(
    driver: AsyncDriver, database: str, scope: str, keys: Sequence[PageKey]
) -> list[list[Neighbour]]:
    pages = await _pages(driver, database, "browse/list_entity_neighbours", scope, keys)
    return [
        [Neighbour(entity=_entity(scope, n), shared_edus=n["shared_edus"],
                   similarity=n["similarity"]) for n in page]
        for page in pages
    ]  # fmt: skip


async def edu_entities(
    driver: AsyncDriver, database: str, scope: str, ids: Sequence[str]
) -> list[list[MentionedEntity]]:
    """The entities each EDU of ``ids`` mentions, by name."""
    rows = await _rows(
        driver, database, "browse/list_edu_entities", {"scope": scope, "ids": list(ids)}
    )
    found = {row["key"]: row["items"] for row in rows}
    return [
        [MentionedEntity(entity=_entity(scope, e), role=e["role"]) for e in found.get(i, [])]
        for i in ids
    ]


async def edus(
    driver: AsyncDriver, database: str, scope: str, ids: Sequence[str]
) -> list[StoredEDU | None]:
    """The EDUs of ``ids`` with their provenance, in order; None for an id the scope lacks."""
    rows = await details(driver, database, scope, list(ids), max(len(ids), 1))
    found = {row["id"]: StoredEDU(**StoredEDU.fields_of(row)) for row in rows}
    return [found.get(i) for i in ids]


async def list_entities(
    driver: AsyncDriver, database: str, scope: str, skip: int, limit: int
) -> list[Entity]:
    """``limit`` entities of ``scope`` after the first ``skip``, most mentioned first."""
    rows = await _rows(
        driver, database, "browse/list_entities", {"scope": scope, "skip": skip, "limit": limit}
    )
    return [_entity(scope, row["entity"]) for row in rows]


async def entity_months(
    driver: AsyncDriver, database: str, scope: str, ids: Sequence[str]
) -> list[list[tuple[str, int]]]:
    """For each entity of ``ids``: (month "YYYY-MM", EDUs mentioning it), oldest first."""
    rows = await _rows(
        driver, database, "browse/list_entity_months", {"scope": scope, "ids": list(ids)}
    )
    found = {row["key"]: [(m["month"], m["edus"]) for m in row["items"]] for row in rows}
    return [found.get(i, []) for i in ids]


async def get_entity(driver: AsyncDriver, database: str, scope: str, name: str) -> Entity:
    """The entity called ``name`` (its id, name or an alias, in any case) in ``scope``."""
    rows = await _rows(driver, database, "browse/get_entity", {"scope": scope, "entity": name})
    if not rows:
        raise NotFoundError(f"no entity {name!r} in scope {scope!r}")
    return _entity(scope, rows[0]["entity"])
