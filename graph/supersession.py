"""Which statements supersede which: the rule over frames, and the links it keeps in the graph.

Statements about the same subject and attribute (graph/model.py's Frame) are read in the
order they were said. A later one with a different value supersedes every earlier one still
valid: ``(:EDU)-[:SUPERSEDED_BY {at, how, attribute}]->(:EDU)``, and the earlier one's
``valid_to`` is the later one's ``valid_from``. A repeat of the valid value joins it; a plan
is replaced only by a statement that says so ("instead"); an ending ("I quit Dell", "I don't
run anymore") closes what was valid and is itself no value. Links are recomputed per subject
and attribute that a write or a deletion touched, so ingesting or deleting a session never
reprocesses the scope, and a deletion restores the validity its statements had closed.
"""

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from hippograph.graph.cypher import execute, native_value, run_query
from hippograph.graph.model import EDU, Frame


@dataclass(frozen=True)
class Stated:
    """A statement with a frame: its EDU id, when it was said (an order: session start, turn
    position, place in the turn) and from when it holds (its event date, else the day said)."""

    id: str
    frame: Frame
    said: tuple[int, str, int]  # said(): session start, session, turn position
    valid_from: date | None


@dataclass(frozen=True)
class Link:
    earlier: str
    later: str
    at: date | None
    attribute: str
    how: str = "offline"


def frame_key(subject: str, attribute: str) -> str:
    """How a frame's subject and attribute are indexed on its EDU (``frame_key``)."""
    return f"{subject}\x1f{attribute}"


def valid_from(edu: EDU) -> date | None:
    """From when a statement holds: the day its event began, else the day it was said."""
    if edu.date is not None:
        return edu.date.start
    return edu.session_date.date() if edu.session_date else None


def said(session_date: datetime | None, session: str, position: int) -> tuple[int, str, int]:
    """When a statement was said, as an order: its session's start, the session, the turn."""
    millis = int(session_date.timestamp() * 1000) if session_date else 0
    return millis, session, position


def same_value(a: str, b: str) -> bool:
    """The same value, allowing for one name that begins the other ("porto", "porto
    portugal"; "critical", "critical software"), but not a shared head ("hospital", "toronto
    general hospital")."""
    short, long = sorted((a.split(), b.split()), key=len)
    return a == b or (bool(short) and long[: len(short)] == short)


def _replaces(statement: Stated) -> bool:
    """Whether a different value replaces the valid one: always, but for a plan, which
    another plan only replaces when it says so."""
    frame = statement.frame
    return not frame.attribute.startswith("plan") or "instead" in frame.marker.split()


def supersessions(statements: Iterable[Stated]) -> list[Link]:
    """The links the rule makes among ``statements`` (any subjects and attributes)."""
    groups: dict[tuple[str, str], list[Stated]] = {}
    for statement in statements:
        groups.setdefault((statement.frame.subject, statement.frame.attribute), []).append(
            statement
        )
    links: list[Link] = []
    for group in groups.values():
        links.extend(_chain(sorted(group, key=lambda s: (s.said, s.id))))
    return links


def _chain(ordered: Sequence[Stated]) -> list[Link]:
    links: list[Link] = []
    valid: list[Stated] = []
    for statement in ordered:
        frame = statement.frame
        if frame.ends:
            closed = [v for v in valid if not frame.value or same_value(v.frame.value, frame.value)]
        elif any(same_value(v.frame.value, frame.value) for v in valid) or not _replaces(statement):
            valid.append(statement)  # a repeat, or a plan beside another
            continue
        else:
            closed = valid
        at = statement.valid_from
        links.extend(
            Link(v.id, statement.id, _after(at, v.valid_from), frame.attribute) for v in closed
        )
        valid = [v for v in valid if v not in closed] + ([] if frame.ends else [statement])
    return links


def _after(at: date | None, start: date | None) -> date | None:
    """When a statement stopped holding: when its successor began, never before itself."""
    if at is None or start is None:
        return at or start
    return max(at, start)


async def relink_in(
    tx: AsyncManagedTransaction, scope: str, keys: Sequence[tuple[str, str]]
) -> int:
    """Recompute the links of ``scope`` among its statements of these (subject, attribute)
    keys, in the transaction that wrote or deleted them; how many links they now have."""
    if not keys:
        return 0
    wanted = [frame_key(subject, attribute) for subject, attribute in keys]
    rows = await run_query(tx, "supersession/list_frames", scope=scope, keys=wanted)
    links = supersessions(_stated(row) for row in rows)
    await run_query(
        tx,
        "supersession/set_links",
        scope=scope,
        ids=[row["id"] for row in rows],
        links=[asdict(link) for link in links],
    )
    return len(links)


def _stated(row: dict[str, Any]) -> Stated:
    frame = Frame(
        subject=row["subject"], attribute=row["attribute"], value=row["value"],
        ends=row["ends"], marker=row["marker"] or "",
    )  # fmt: skip
    when = said(native_value(row["session_date"]), row["session"], row["position"])
    return Stated(row["id"], frame, when, native_value(row["valid_from"]))


async def valid_first(
    driver: AsyncDriver, database: str, scope: str, ranked: list[tuple[str, float]]
) -> list[tuple[str, float]]:
    """``ranked`` (EDU ids best first, with scores) with each superseded statement preceded by
    the statement valid now at the end of its chain, which takes its place and score when it
    ranked lower or was not found at all."""
    records = await execute(
        driver,
        database,
        "supersession/list_successors",
        {"scope": scope, "ids": [edu for edu, _ in ranked]},
        read=True,
    )
    current = {r["id"]: r["current"] for r in records}
    if not current:
        return ranked
    placed: dict[str, float] = {}
    for edu, score in ranked:
        now = current.get(edu)
        if now is not None and now not in placed:
            placed[now] = score
        placed.setdefault(edu, score)
    return list(placed.items())
