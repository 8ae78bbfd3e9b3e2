"""Which statements supersede which: the rule over frames, and the links it keeps in the graph.

Statements about the same subject and attribute (graph/model.py's Frame) are read in the
order they were said. A later one with a different value supersedes every earlier one still
valid: ``(:EDU)-[:SUPERSEDED_BY {at, how, attribute}]->(:EDU)``, and the earlier one's
``valid_to`` is the later one's ``valid_from``. A repeat of the valid value joins it; a plan
is replaced only by a statement that says so ("instead"); an ending ("I quit Dell", "I don't
run anymore") closes what was valid, and is then the state a next value supersedes. Links are
recomputed per subject and attribute that a write or a deletion touched, so ingesting or
deleting a session never reprocesses the scope, and a deletion restores the validity its
statements had closed.
"""

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from hippograph.graph.cypher import execute, native_value, run_query
from hippograph.graph.model import EDU, Frame, Frozen, check_count


@dataclass(frozen=True)
class Stated:
    """A statement with a frame: its EDU id, when it was said (an order: session start, turn
    position, place in the turn) and from when it holds (its event date, else the day said)."""

    id: str
    frame: Frame
    said: tuple[int, str, int]  # said(): session start, session, turn position
    valid_from: date | None
    # A chat model read the links it would make: those it refused (earlier ids), and its name.
    refused: frozenset[str] = frozenset()
    judged_by: str | None = None


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
            if not closed:
                continue  # it ends nothing known to have held: nothing to say
        elif any(_same_state(v.frame, frame) for v in valid) or not _replaces(statement):
            valid.append(statement)  # a repeat, or a plan beside another
            continue
        else:
            closed = valid
        closed = [v for v in closed if v.id not in statement.refused]
        at, how = statement.valid_from, statement.judged_by or "offline"
        links.extend(
            Link(v.id, statement.id, _after(at, v.valid_from), frame.attribute, how) for v in closed
        )
        # An ending is a state too ("no employer now"), which the next value supersedes.
        valid = [v for v in valid if v not in closed] + [statement]
    return links


def _same_state(held: Frame, said: Frame) -> bool:
    return held.ends == said.ends and (held.ends or same_value(held.value, said.value))


def _after(at: date | None, start: date | None) -> date | None:
    """When a statement stopped holding: when its successor began, never before itself."""
    if at is None or start is None:
        return at or start
    return max(at, start)


async def proposed_links(
    driver: AsyncDriver, database: str, scope: str, new: Sequence[Stated], replaced: Sequence[str]
) -> tuple[list[Link], dict[str, str]]:
    """The links the rule would make to ``new`` statements among the scope's stored ones (but
    those of the ``replaced`` sessions), and the stored ones' texts: what a chat model is
    asked about before they are written."""
    keys = sorted({frame_key(s.frame.subject, s.frame.attribute) for s in new})
    if not keys:
        return [], {}
    records = await execute(
        driver, database, "supersession/list_frames", {"scope": scope, "keys": keys}, read=True
    )
    rows = [r.data() for r in records if r["session"] not in set(replaced)]
    ids = {s.id for s in new}
    links = supersessions([*(_stated(row) for row in rows), *new])
    return [x for x in links if x.later in ids], {row["id"]: row["text"] for row in rows}


async def relink_in(
    tx: AsyncManagedTransaction, scope: str, keys: Sequence[tuple[str, str]]
) -> list[Link]:
    """Recompute the links of ``scope`` among its statements of these (subject, attribute)
    keys, in the transaction that wrote or deleted them; the links they now have."""
    if not keys:
        return []
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
    return links


def _stated(row: dict[str, Any]) -> Stated:
    frame = Frame(
        subject=row["subject"], attribute=row["attribute"], value=row["value"],
        ends=row["ends"], marker=row["marker"] or "",
    )  # fmt: skip
    when = said(native_value(row["session_date"]), row["session"], row["position"])
    return Stated(
        row["id"], frame, when, native_value(row["valid_from"]),
        frozenset(row["refused"] or ()), row["judged_by"],
    )  # fmt: skip


async def about_first(
    driver: AsyncDriver,
    database: str,
    scope: str,
    ranked: list[tuple[str, float]],
    about: tuple[str, str],
) -> list[tuple[str, float]]:
    """``ranked`` with the statements of the subject and attribute a question asks of first:
    those found in their order, then those not found in the order they were said."""
    records = await execute(
        driver,
        database,
        "supersession/list_framed",
        {"scope": scope, "key": frame_key(*about), "limit": FRAMED_LIMIT},
        read=True,
    )
    framed = [r["id"] for r in records]
    if not framed:
        return ranked
    found = dict(ranked)
    first = [edu for edu, _ in ranked if edu in set(framed)]
    first += [edu for edu in framed if edu not in found]
    rest = [edu for edu, _ in ranked if edu not in set(first)]
    return _scored_by_place(first + rest, ranked)


# Statements of one subject and attribute brought forward at most (a subject's history).
FRAMED_LIMIT = 50


def _scored_by_place(ids: list[str], ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """``ids`` in their new order, each with the score that was at its place (scores stay
    best first; the ones beyond the old list keep its last score)."""
    scores = [score for _, score in ranked] or [0.0]
    return [(edu, scores[min(i, len(scores) - 1)]) for i, edu in enumerate(ids)]


async def valid_first(
    driver: AsyncDriver, database: str, scope: str, ranked: list[tuple[str, float]]
) -> list[tuple[str, float]]:
    """``ranked`` (EDU ids best first, with scores) with each superseded statement preceded by
    the statement valid now at the end of its chain, which takes its place when it ranked
    lower or was not found at all."""
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
    placed: list[str] = []
    for edu, _ in ranked:
        now = current.get(edu)
        if now is not None and now not in placed:
            placed.append(now)
        if edu not in placed:
            placed.append(edu)
    return _scored_by_place(placed, ranked)


# A subject's statements read at most by one history.
MAX_HISTORY = 500


class HeldValue(Frozen):
    """One statement of a subject's history: the value it gave an attribute, and its validity."""

    id: str
    text: str
    session_id: str
    session_date: datetime | None
    attribute: str
    value: str
    ended: bool = False  # it says the value stopped holding
    valid_from: date | None = None
    valid_to: date | None = None
    superseded_by: str | None = None
    how: str | None = None


async def history(
    driver: AsyncDriver,
    database: str,
    scope: str,
    entity: str,
    attribute: str | None = None,
    limit: int = 100,
) -> list[HeldValue]:
    """What ``scope``'s statements say about ``entity`` (its id, or its name in any case),
    attribute by attribute, in the order said: every value with when it held."""
    check_count("limit", limit, MAX_HISTORY)
    records = await execute(
        driver,
        database,
        "supersession/list_history",
        {"scope": scope, "entity": entity, "attribute": attribute, "limit": limit},
        read=True,
    )
    return [HeldValue.model_validate(native_value(r.data())) for r in records]
