"""The proof after a live run: every turn the API acknowledged is stored exactly once, where it
was acknowledged, and each session's positions run 0..n-1 without a gap or a repeat.

It reads the database itself (graph/browse.py), not the API that answered the appends: what
is checked is what a later reader of the store finds.
"""

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from neo4j import AsyncDriver

from hippograph.graph import browse
from hippograph.graph.browse import PageKey
from hippograph.graph.recall.model import SourceTurn

# More sessions than a scope of a live run holds, and more turns than a session does.
ALL = 1_000_000


@dataclass(frozen=True)
class Ack:
    """An append the API acknowledged: the turn's stored ids and position as answered, its
    place in its scope's replay, and what it cost the client (the acknowledged attempt's time,
    and how many attempts it took)."""

    scope: str
    session: str  # stored id, <conversation>/<session>
    turn: str  # stored id, <conversation>/<turn id>
    position: int
    new: bool  # False: the server held the turn already (a retry of a call that committed)
    index: int
    edus: int
    ms: float
    attempts: int


@dataclass
class StoredCheck:
    """What the read-back found: turns read, turns stored without an acknowledgement (an
    append given up on that had committed), and every fault."""

    turns: int = 0
    unacknowledged: int = 0
    problems: list[str] = field(default_factory=list)


def session_problems(
    session: str, stored: Sequence[SourceTurn], acks: Sequence[Ack]
) -> tuple[list[str], int]:
    """The faults of one stored session against what was acknowledged in it, and how many of
    its turns were not acknowledged."""
    problems = []
    positions = sorted(t.position for t in stored)
    if positions != list(range(len(stored))):
        gaps = sorted(set(range(len(stored))) ^ set(positions))[:5]
        problems.append(f"{session}: positions are not 0..{len(stored) - 1} (first faults {gaps})")
    counted = Counter(t.id for t in stored)
    problems += [f"{session}: turn {i} stored {n} times" for i, n in counted.items() if n > 1]
    where = {t.id: t.position for t in stored}
    for ack in acks:
        if ack.turn not in where:
            problems.append(f"{session}: acknowledged turn {ack.turn} is not stored")
        elif where[ack.turn] != ack.position:
            problems.append(
                f"{session}: turn {ack.turn} acknowledged at position {ack.position}, stored at "
                f"{where[ack.turn]}"
            )
    return problems, len(set(where) - {a.turn for a in acks})


def scope_problems(
    scope: str, stored: Mapping[str, Sequence[SourceTurn]], acks: Sequence[Ack]
) -> tuple[list[str], int]:
    """The faults of one scope: its sessions' (above), and acknowledged sessions not stored."""
    by_session: dict[str, list[Ack]] = defaultdict(list)
    for ack in acks:
        by_session[ack.session].append(ack)
    problems = [f"{scope}: acknowledged session {s} is not stored" for s in by_session.keys()
                - stored.keys()]  # fmt: skip
    unacknowledged = 0
    for session, turns in stored.items():
        found, extra = session_problems(f"{scope} {session}", turns, by_session.get(session, []))
        problems += found
        unacknowledged += extra
    return problems, unacknowledged


async def check_stored(
    driver: AsyncDriver, database: str, scopes: Sequence[str], acks: Sequence[Ack]
) -> StoredCheck:
    """Read every session of ``scopes`` back with all its turns and check them against
    ``acks``, scope by scope."""
    by_scope: dict[str, list[Ack]] = defaultdict(list)
    for ack in acks:
        by_scope[ack.scope].append(ack)
    check = StoredCheck()
    for scope in scopes:
        sessions = await browse.list_sessions(driver, database, scope, 0, ALL)
        keys = [PageKey(s.id, 0, ALL) for s in sessions]
        pages = await browse.session_turns(driver, database, scope, keys) if keys else []
        stored = {s.id: page for s, page in zip(sessions, pages, strict=True)}
        problems, unacknowledged = scope_problems(scope, stored, by_scope.get(scope, []))
        check.turns += sum(len(page) for page in pages)
        check.unacknowledged += unacknowledged
        check.problems += problems
    return check
