"""Live appends: many scopes growing turn by turn through the API (appendTurns), taken from real
conversations, while other scopes are recalled; measured as a client sees it.

The run, in order: the recall scopes are stored (appended a session chunk at a time), then
recalled alone (the read-only baseline), then the growing scopes take their turns one append at
a time from concurrent clients while the same recalls go on. A sample of appends is followed by
a recall of the appended turn's text in its scope (read-your-writes), and by the same recall
again (warm). Optionally the local Neo4j is killed and restarted mid-run: an append that fails
is sent again with the same turn id until it is acknowledged, which the server stores once.
What was acknowledged is checked against the database afterwards (evaluation/live_check.py).
"""

import asyncio
import itertools
import random
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from hippograph.evaluation.latency import Timing
from hippograph.evaluation.live_check import Ack
from hippograph.evaluation.load_generator import RECALL, BenchmarkError, GraphQLClient
from hippograph.evaluation.soak import Outcome, outage, outside_outage
from hippograph.graph.model import Conversation, Turn
from hippograph.ingest.formats.questions import QuestionSet

APPEND = """mutation($scope: String!, $session: String!, $conversation: String,
                     $startedAt: DateTime, $turns: [TurnInput!]!) {
  appendTurns(scope: $scope, session: $session, conversation: $conversation,
              startedAt: $startedAt, turns: $turns) {
    __typename
    ... on TurnsAppended { sessionId edus turns { id position new } }
    ... on Error { message } } }"""
# The read-your-writes probe: does a recall of the turn's text find an EDU of that turn? In
# LEXICAL mode: the index appended EDUs enter in place, and the turn's own words find its EDUs
# where HYBRID may rank a question turn's EDU ("X asked Y: …") below the answers around it.
FIND = """query($scope: String!, $query: String!, $mode: RecallMode!) {
  recall(scope: $scope, query: $query, k: 10, mode: $mode) {
    __typename ... on Recall { hits { edu { turns { id } } } } ... on Error { message } } }"""
STATS = "query($scope: String!) { stats(scope: $scope) { __typename } }"
MODES = ("HYBRID", "ASSOCIATIVE")
# Turns per append while the recall scopes are stored (a session's turns, in chunks).
SEED_CHUNK = 50
# An append that failed for want of the database (or of an answer) is sent again this often,
# for at most this long; a typed error (the caller's fault) is not retried.
RETRY_PAUSE_S = 0.5
RETRY_FOR_S = 300.0
# How long a probe looks for its turn before it calls it not found, and how often.
PROBE_WAIT_S = 10.0
PROBE_PAUSE_S = 0.05
MAX_QUERY = 2_000
Restart = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class LiveTurn:
    """One turn as a scope appends it, with the session it goes to."""

    conversation: str
    session: str
    started_at: str | None  # ISO 8601, as the API takes it
    turn: Turn

    def variables(self, scope: str, turns: Sequence[Turn] = ()) -> dict[str, Any]:
        """appendTurns' variables for this turn (or for ``turns`` of the same session)."""
        return {
            "scope": scope, "session": self.session, "conversation": self.conversation,
            "startedAt": self.started_at,
            "turns": [
                {"id": t.id, "speaker": t.speaker, "text": t.text, "imageCaption": t.image_caption}
                for t in (turns or [self.turn])
            ],
        }  # fmt: skip


def replay(
    conversations: Sequence[Conversation], first: int, turns: int, *, one_session: bool
) -> list[LiveTurn]:
    """What one scope appends, in order: conversation ``first``'s turns session by session,
    then the next conversation's, round the conversations until there are ``turns`` (a
    conversation met again comes under a fresh id, ``<id>.r<round>``, so no id repeats). With
    ``one_session`` every turn goes to one session of the first conversation, ``live``, under
    the id ``<conversation>:<turn id>``: the worst case for what an append costs per session."""
    if not any(s.turns for c in conversations for s in c.sessions):
        raise BenchmarkError("the conversations hold no turns")
    head = conversations[first % len(conversations)]
    out: list[LiveTurn] = []
    for step in itertools.count():
        source = conversations[(first + step) % len(conversations)]
        rounds = step // len(conversations)
        conversation = source.id if rounds == 0 else f"{source.id}.r{rounds}"
        for session in source.sessions:
            for turn in session.turns:
                if len(out) == turns:
                    return out
                if one_session:
                    own = turn.model_copy(update={"id": f"{conversation}:{turn.id}"})
                    out.append(LiveTurn(head.id, "live", _iso(head), own))
                else:
                    date = session.started_at.isoformat() if session.started_at else None
                    out.append(LiveTurn(conversation, session.id, date, turn))
    return out


def _iso(conversation: Conversation) -> str | None:
    started = conversation.sessions[0].started_at if conversation.sessions else None
    return started.isoformat() if started else None


@dataclass(frozen=True)
class LivePlan:
    """The growing scopes with their turns, the recall scopes with what they hold, and the
    (recall scope, question) pairs asked of them; every scope's name starts with ``prefix``."""

    prefix: str
    growing: dict[str, list[LiveTurn]]
    recalled: dict[str, list[LiveTurn]]
    questions: list[tuple[str, str]]


def live_plan(
    found: QuestionSet,
    prefix: str,
    scopes: int,
    turns: int,
    recall_scopes: int,
    *,
    one_session: bool,
) -> LivePlan:
    """Scope ``<prefix><i>`` replays conversation i mod 5 (the dev split's five); recall scope
    ``<prefix>r<j>`` holds conversation j mod 5 as far as the growing scopes go (at most the
    whole conversation) and is asked that conversation's answerable questions."""
    conversations = found.loaded.conversations
    n = len(conversations)
    growing = {
        f"{prefix}{i}": replay(conversations, i % n, turns, one_session=one_session)
        for i in range(scopes)
    }
    recalled, questions = {}, []
    for j in range(recall_scopes):
        source = conversations[j % n]
        held = min(turns, sum(len(s.turns) for s in source.sessions))
        scope = f"{prefix}r{j}"
        recalled[scope] = replay(conversations, j % n, held, one_session=one_session)
        questions += [
            (scope, q.question)
            for q in found.questions
            if q.conversation_id == source.id and not q.unanswerable
        ]
    random.Random(7).shuffle(questions)
    return LivePlan(prefix, growing, recalled, questions)


@dataclass(frozen=True)
class Probe:
    """A recall of an appended turn's text right after its append was acknowledged."""

    found_ms: float | None  # from the acknowledgement until a recall held the turn; None: not
    tries: int
    first_ms: float  # the first recall after the append
    warm_ms: float | None  # the same recall again, at once
    hybrid_ms: float | None  # then a HYBRID recall of the same text in the same scope
    interrupted: bool = False  # a recall answered an error (the outage)
    turn: str = ""  # the scope and the turn's stored id, to look at one that was not found


@dataclass
class LiveResult:
    scopes: int
    turns: int  # per scope
    clients: int
    recall_clients: int
    workers: int = 1  # API server processes
    seconds: float = 0.0  # the appending phase
    acks: list[Ack] = field(default_factory=list)
    gave_up: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    # Recall milliseconds by mode: alone before the appends, during them, alone after them.
    before: dict[str, list[float]] = field(default_factory=dict)
    during: dict[str, list[float]] = field(default_factory=dict)
    after: dict[str, list[float]] = field(default_factory=dict)
    probes: list[Probe] = field(default_factory=list)
    outage: tuple[float, float] | None = None
    load: dict[str, float] = field(default_factory=dict)  # the machine's, by phase

    def appends(self) -> Timing:
        return Timing.of([a.ms for a in self.acks])

    def growth(self, window: int = 100) -> tuple[Timing, Timing] | None:
        """Append times of each scope's first and last ``window`` turns (None when scopes
        are shorter than two windows): how the cost moves as a conversation grows."""
        if self.turns < 2 * window:
            return None
        first = [a.ms for a in self.acks if a.index < window]
        last = [a.ms for a in self.acks if a.index >= self.turns - window]
        return (Timing.of(first), Timing.of(last)) if first and last else None

    def read_only(self) -> dict[str, list[float]]:
        """The recalls alone, before and after the appends together, by mode."""
        return {m: self.before.get(m, []) + self.after.get(m, []) for m in MODES}

    def errors(self) -> Counter[str]:
        return Counter(f"{o.kind} {o.code}" for o in self.outcomes if o.code)

    def outside_outage(self) -> list[Outcome]:
        return outside_outage(self.outcomes, self.outage)

    def retried(self) -> tuple[int, int]:
        """Appends acknowledged after a failed attempt, and of those the ones whose turn the
        server held already (the failed attempt had committed; the retry stored nothing)."""
        again = [a for a in self.acks if a.attempts > 1]
        return len(again), sum(not a.new for a in again)


@dataclass
class _Growing:
    """A scope that grows, and the index of the next turn it appends."""

    scope: str
    turns: list[LiveTurn]
    next: int = 0


class LiveBench:
    """One live run against the API at ``url`` with a key that writes every scope of ``plan``."""

    def __init__(self, url: str, key: str, plan: LivePlan) -> None:
        self.url = url
        self.key = key
        self.plan = plan

    @asynccontextmanager
    async def _api(self, clients: int) -> AsyncIterator[GraphQLClient]:
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        async with httpx.AsyncClient(limits=limits, timeout=60) as http:
            yield GraphQLClient(http, self.url, self.key)

    async def seed(self) -> None:
        """Store the recall scopes, then ask each once in each mode (untimed: their indexes
        built, as a scope that has been in use has them)."""
        recalled = self.plan.recalled
        async with self._api(len(recalled) + 1) as api:
            await asyncio.gather(*(self._seed(api, s, t) for s, t in recalled.items()))
            first = {scope: question for scope, question in reversed(self.plan.questions)}
            for scope, question in first.items():
                for mode in MODES:
                    await api.answer(RECALL, scope=scope, query=question, k=10, mode=mode)

    async def read_only(self, result: LiveResult, recalls: int) -> dict[str, list[float]]:
        """The baseline: the recall clients alone, ``recalls`` recalls in all (before the
        appends and after them, so that a machine whose load drifts shows it)."""
        async with self._api(result.recall_clients) as api:
            return await self._recalls(api, result, lambda n: n >= recalls)

    async def grow(
        self,
        result: LiveResult,
        probe_every: int,
        kill_at: float | None = None,
        restarts: tuple[Restart, Restart] | None = None,
        advance: Callable[[], None] = lambda: None,
    ) -> None:
        """The appends, with the recall clients beside them until they are done, and the
        database killed ``kill_at`` seconds in with ``restarts`` (kill, restart)."""
        async with self._api(result.clients + result.recall_clients + 1) as api:
            began = time.perf_counter()
            task = asyncio.ensure_future(self._appending(api, result, probe_every, began, advance))
            down = None
            if kill_at is not None and restarts is not None:
                down = asyncio.ensure_future(self._outage(api, result, kill_at, restarts, began))
            result.during = await self._recalls(api, result, lambda _: task.done(), began)
            await task
            result.seconds = time.perf_counter() - began
            if down is not None and kill_at is not None and result.seconds < kill_at:
                down.cancel()  # the appends were done before the kill was due
            elif down is not None:
                await down

    async def _seed(self, api: GraphQLClient, scope: str, turns: list[LiveTurn]) -> None:
        """Store a recall scope: its sessions' turns appended SEED_CHUNK at a time."""
        for _, group in itertools.groupby(turns, key=lambda t: (t.conversation, t.session)):
            held = list(group)
            for start in range(0, len(held), SEED_CHUNK):
                chunk = [t.turn for t in held[start : start + SEED_CHUNK]]
                answer = await api.answer(APPEND, **held[0].variables(scope, chunk))
                if answer.code:
                    raise BenchmarkError(f"could not store recall scope {scope}: {answer.code}")

    async def _recalls(
        self,
        api: GraphQLClient,
        result: LiveResult,
        done: Callable[[int], bool],
        began: float | None = None,
    ) -> dict[str, list[float]]:
        """The recall clients asking the plan's questions in each mode in turn, until
        ``done(recalls issued)``: the milliseconds of the answered ones, by mode."""
        asked = itertools.cycle([(s, q, m) for s, q in self.plan.questions for m in MODES])
        times: dict[str, list[float]] = {mode: [] for mode in MODES}
        issued = 0
        zero = time.perf_counter() if began is None else began

        async def client() -> None:
            nonlocal issued
            while not done(issued):
                issued += 1
                scope, question, mode = next(asked)
                started = time.perf_counter() - zero
                answer = await api.answer(RECALL, scope=scope, query=question, k=10, mode=mode)
                if began is not None:
                    result.outcomes.append(Outcome("recall", started, answer.ms, answer.code))
                if answer.code is None:
                    times[mode].append(answer.ms)
                elif began is None:
                    raise BenchmarkError(f"a read-only recall failed: {answer.code}")

        if self.plan.questions:
            await asyncio.gather(*(client() for _ in range(result.recall_clients)))
        return times

    async def _appending(
        self,
        api: GraphQLClient,
        result: LiveResult,
        probe_every: int,
        began: float,
        advance: Callable[[], None],
    ) -> None:
        """The appending clients: each takes the scope that waited longest and appends its next
        turn, so every scope grows at once and one scope's turns go in order, one at a time."""
        waiting: asyncio.Queue[_Growing | None] = asyncio.Queue()
        for scope, turns in self.plan.growing.items():
            if turns:
                waiting.put_nowait(_Growing(scope, turns))
        left = waiting.qsize()

        def release() -> None:  # every scope is done: each client's last wait ends
            for _ in range(result.clients):
                waiting.put_nowait(None)

        async def client() -> None:
            nonlocal left
            while (growing := await waiting.get()) is not None:
                await self._next_turn(api, growing, result, probe_every, began)
                advance()
                if growing.next < len(growing.turns):
                    waiting.put_nowait(growing)
                    continue
                left -= 1
                if not left:
                    release()

        if not left:
            release()
        await asyncio.gather(*(client() for _ in range(result.clients)))

    async def _next_turn(
        self,
        api: GraphQLClient,
        growing: _Growing,
        result: LiveResult,
        probe_every: int,
        began: float,
    ) -> None:
        """Append the scope's next turn; after every ``probe_every``-th (not a scope's first,
        whose recall would be a new scope's), recall it."""
        index = growing.next
        live = growing.turns[index]
        ack = await self._append(api, growing.scope, live, index, result, began)
        growing.next += 1
        if ack is None:
            result.gave_up.append(f"{growing.scope} {live.session} {live.turn.id}")
            return
        result.acks.append(ack)
        if ack.edus and index % probe_every == probe_every - 1 and live.turn.text:
            result.probes.append(await self._probe(api, ack, live.turn.text, began, result))

    async def _append(
        self,
        api: GraphQLClient,
        scope: str,
        live: LiveTurn,
        index: int,
        result: LiveResult,
        began: float,
    ) -> Ack | None:
        """Append one turn, again with the same turn id after a failure for want of the database
        or an answer, until it is acknowledged (None: a typed error, or RETRY_FOR_S passed)."""
        variables = live.variables(scope)
        until = time.perf_counter() + RETRY_FOR_S
        attempts = 0
        while True:
            attempts += 1
            started = time.perf_counter() - began
            answer = await api.answer(APPEND, **variables)
            result.outcomes.append(Outcome("append", started, answer.ms, answer.code))
            if answer.code is None:
                return _ack(scope, index, answer.data["appendTurns"], answer.ms, attempts)
            if answer.code.endswith("Error") or time.perf_counter() > until:
                return None
            await asyncio.sleep(RETRY_PAUSE_S)

    async def _probe(
        self, api: GraphQLClient, ack: Ack, text: str, began: float, result: LiveResult
    ) -> Probe:
        """Recall the appended turn's text in its scope until an EDU of that turn is among the
        hits (or PROBE_WAIT_S passed), then the same recall once more, then in HYBRID mode."""
        acknowledged = time.perf_counter()
        query = text[:MAX_QUERY]
        times: list[float] = []  # of the answered recalls
        found: float | None = None
        while found is None and (not times or (time.perf_counter() - acknowledged) < PROBE_WAIT_S):
            if times:
                await asyncio.sleep(PROBE_PAUSE_S)
            started = time.perf_counter() - began
            answer = await api.answer(FIND, scope=ack.scope, query=query, mode="LEXICAL")
            result.outcomes.append(Outcome("probe", started, answer.ms, answer.code))
            if answer.code:
                return Probe(None, len(times) + 1, (times or [answer.ms])[0], None, None, True)
            times.append(answer.ms)
            if _holds(answer.data, ack.turn):
                found = (time.perf_counter() - acknowledged) * 1000
        warm, hybrid = [
            await api.answer(FIND, scope=ack.scope, query=query, mode=mode)
            for mode in ("LEXICAL", "HYBRID")
        ]
        return Probe(
            found, len(times), times[0], None if warm.code else warm.ms,
            None if hybrid.code else hybrid.ms, turn=f"{ack.scope} {ack.turn}",
        )  # fmt: skip

    async def _outage(
        self,
        api: GraphQLClient,
        result: LiveResult,
        kill_at: float,
        restarts: tuple[Restart, Restart],
        began: float,
    ) -> None:
        scope = next(iter(self.plan.recalled), next(iter(self.plan.growing)))

        async def answering() -> bool:
            return (await api.answer(STATS, scope=scope)).code is None

        await asyncio.sleep(kill_at)
        result.outage = await outage(*restarts, answering, began)


def _ack(scope: str, index: int, appended: dict[str, Any], ms: float, attempts: int) -> Ack:
    turn = appended["turns"][0]
    return Ack(
        scope=scope, session=appended["sessionId"], turn=turn["id"], position=turn["position"],
        new=turn["new"], index=index, edus=appended["edus"], ms=ms, attempts=attempts,
    )  # fmt: skip


def _holds(data: dict[str, Any], turn: str) -> bool:
    hits = (data.get("recall") or {}).get("hits") or []
    return any(t["id"] == turn for hit in hits for t in hit["edu"]["turns"])


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def by_mode(times: dict[str, list[float]]) -> dict[str, Timing | None]:
    """Each mode's timing, and all modes together ("all"); None where nothing was answered."""
    every = {**times, "all": [ms for values in times.values() for ms in values]}
    return {mode: Timing.of(values) if values else None for mode, values in every.items()}
