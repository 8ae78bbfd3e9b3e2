"""A soak: concurrent clients mixing recalls in every mode, browsing and ingests through the API
for a bounded time, with the local Neo4j killed (SIGKILL) and restarted in the middle.

What it checks, afterwards: every error is UNAVAILABLE and falls inside the outage (from the
kill until the API answers again, plus the waits of requests already in flight), and every
session the API acknowledged as stored is stored whole and once. Traffic goes to loopback only;
each client's loop ends at the deadline.
"""

import asyncio
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from hippograph.evaluation.latency import percentile
from hippograph.evaluation.load_generator import RECALL, BenchmarkError, GraphQLClient

MODES = ("ASSOCIATIVE", "HYBRID", "DENSE", "LEXICAL")
# Questions about the sample conversations (ingest/sample), which the soak stores first.
QUESTIONS = (
    "When did Hana open the bakery?",
    "What is the name of Hana's sourdough starter?",
    "Who built the oak shelves?",
    "Where does the deck oven come from?",
    "Which marathon did Marco sign up for?",
    "Who flies in from Osaka for the opening?",
)
BROWSE = (
    """query($scope: String!) { sessions(scope: $scope, first: 5) {
         __typename ... on SessionConnection { nodes { id turnCount } } } }""",
    """query($scope: String!) { entities(scope: $scope, first: 10) {
         __typename ... on EntityConnection { nodes { name } } } }""",
    """query($scope: String!) { entity(scope: $scope, name: "Bubbles") { __typename } }""",
    """query($scope: String!) { stats(scope: $scope) { __typename ... on Stats { edus } } }""",
)
INGEST = """mutation($scope: String!, $session: SessionInput!) {
  ingestSession(scope: $scope, session: $session) {
    __typename ... on SessionOutcome { sessionId status turns } ... on Error { message } } }"""
SESSIONS = """query($scope: String!, $after: String) {
  sessions(scope: $scope, first: 100, after: $after) {
    __typename ... on SessionConnection { nodes { id turnCount eduCount }
                                          pageInfo { hasNextPage endCursor } } } }"""
DELETE = "mutation($scope: String!) { deleteScope(scope: $scope) { __typename } }"
# A request still in flight when the API answers again may take the driver's waits to end.
IN_FLIGHT_S = 5.0


@dataclass(frozen=True)
class Outcome:
    kind: str
    started: float  # seconds since the soak began
    ms: float
    code: str | None  # None: answered with data

    @property
    def answered(self) -> float:
        return self.started + self.ms / 1000


@dataclass
class SoakResult:
    clients: int
    seconds: float
    outcomes: list[Outcome] = field(default_factory=list)
    outage: tuple[float, float] | None = None  # (killed, answering again), seconds
    acknowledged: dict[str, int] = field(default_factory=dict)  # stored id -> turns sent
    problems: list[str] = field(default_factory=list)

    def errors(self) -> Counter[str]:
        return Counter(o.code for o in self.outcomes if o.code)

    def by_minute(self, width: float = 60.0) -> list[tuple[int, int, int, float, float, float]]:
        """(minute, requests, errors, p50, p95, p99 ms of the answered ones) per ``width`` s."""
        rows = []
        for index in range(int(self.seconds // width) + 1):
            inside = [o for o in self.outcomes if index * width <= o.started < (index + 1) * width]
            answered = [o.ms for o in inside if o.code is None]
            if inside:
                p50, p95, p99 = (
                    percentile(answered, q) if answered else float("nan") for q in (0.5, 0.95, 0.99)
                )
                rows.append((index, len(inside), len(inside) - len(answered), p50, p95, p99))
        return rows

    def error_span(self) -> tuple[float, float] | None:
        """When the first and the last error were answered, seconds since the soak began."""
        answered = [o.answered for o in self.outcomes if o.code]
        return (min(answered), max(answered)) if answered else None

    def outside_outage(self) -> list[Outcome]:
        return outside_outage(self.outcomes, self.outage)


def outside_outage(
    outcomes: Sequence[Outcome], outage: tuple[float, float] | None
) -> list[Outcome]:
    """Errors that are not UNAVAILABLE, or that were answered outside the ``outage`` (from the
    kill until the API answered again, plus the waits of requests still in flight then; a
    request may have been sent, and queued, well before the kill)."""
    start, end = outage or (float("inf"), float("inf"))
    return [
        o
        for o in outcomes
        if o.code and not (o.code == "UNAVAILABLE" and start <= o.answered <= end + IN_FLIGHT_S)
    ]


async def outage(
    kill: Callable[[], Awaitable[None]],
    restart: Callable[[], Awaitable[None]],
    answering: Callable[[], Awaitable[bool]],
    began: float,
) -> tuple[float, float]:
    """Kill the database, restart it and wait until ``answering`` says the API answers again
    (it reconnects by itself): when it was killed and when it answered, in seconds since
    ``began`` (a ``time.perf_counter()``)."""
    killed = time.perf_counter() - began
    await kill()
    await restart()
    while not await answering():
        await asyncio.sleep(0.2)
    return killed, time.perf_counter() - began


class Soak:
    """One soak against the API at ``url`` with a key that reads and writes ``scope``."""

    def __init__(self, url: str, key: str, scope: str, seed: int = 7) -> None:
        self.url = url
        self.key = key
        self.scope = scope
        self.random = random.Random(seed)

    async def seed(self, sessions: list[dict[str, Any]]) -> None:
        """Store ``sessions`` (GraphQL SessionInputs) before the soak: what it recalls from."""
        async with httpx.AsyncClient(timeout=120) as http:
            for session in sessions:
                code, data, _ = await self._call(http, INGEST, scope=self.scope, session=session)
                if code or data["ingestSession"].get("status") != "STORED":
                    raise BenchmarkError(f"could not store {session['id']} for the soak: {code}")

    async def delete_scope(self) -> None:
        async with httpx.AsyncClient(timeout=120) as http:
            await self._call(http, DELETE, scope=self.scope)

    async def _call(
        self, http: httpx.AsyncClient, document: str, **variables: object
    ) -> tuple[str | None, dict[str, Any], float]:
        answer = await GraphQLClient(http, self.url, self.key).answer(document, **variables)
        return answer.code, answer.data, answer.ms

    async def run(
        self,
        clients: int,
        seconds: float,
        kill_at: float,
        kill: Callable[[], Awaitable[None]],
        restart: Callable[[], Awaitable[None]],
    ) -> SoakResult:
        """``clients`` clients for ``seconds``; ``kill`` then ``restart`` at ``kill_at`` s."""
        result = SoakResult(clients, seconds)
        limits = httpx.Limits(max_connections=clients + 2, max_keepalive_connections=clients + 2)
        async with httpx.AsyncClient(limits=limits, timeout=60) as http:
            began = time.perf_counter()
            deadline = began + seconds

            async def client(number: int) -> None:
                sent = 0
                while time.perf_counter() < deadline:
                    started = time.perf_counter() - began
                    roll = self.random.random()
                    if roll < 0.1:
                        sent += 1
                        session = _session(number, sent)
                        code, data, ms = await self._call(
                            http, INGEST, scope=self.scope, session=session
                        )
                        outcome = data.get("ingestSession") or {}
                        if code is None and outcome.get("status") == "STORED":
                            result.acknowledged[outcome["sessionId"]] = len(session["turns"])
                        kind = "ingest"
                    elif roll < 0.3:
                        document = self.random.choice(BROWSE)
                        code, _, ms = await self._call(http, document, scope=self.scope)
                        kind = "browse"
                    else:
                        kind = self.random.choice(MODES)
                        code, _, ms = await self._call(
                            http, RECALL, scope=self.scope, query=self.random.choice(QUESTIONS),
                            k=10, mode=kind,
                        )  # fmt: skip
                    result.outcomes.append(Outcome(kind, started, ms, code))

            async def answering() -> bool:
                code, _, _ = await self._call(http, BROWSE[3], scope=self.scope)
                return code is None

            async def outage_at() -> None:
                await asyncio.sleep(kill_at)
                result.outage = await outage(kill, restart, answering, began)

            await asyncio.gather(*(client(n) for n in range(clients)), outage_at())
            result.seconds = time.perf_counter() - began
            await self._check(http, result)
        return result

    async def _check(self, http: httpx.AsyncClient, result: SoakResult) -> None:
        """Every acknowledged session stored whole and once."""
        seen: Counter[str] = Counter()
        turns: dict[str, tuple[int, int]] = {}
        after: str | None = None
        while True:
            code, data, _ = await self._call(http, SESSIONS, scope=self.scope, after=after)
            if code:
                result.problems.append(f"could not list the stored sessions: {code}")
                return
            page = data["sessions"]
            for node in page["nodes"]:
                seen[node["id"]] += 1
                turns[node["id"]] = (node["turnCount"], node["eduCount"])
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        for session_id, sent in result.acknowledged.items():
            if seen[session_id] != 1:
                result.problems.append(f"{session_id}: stored {seen[session_id]} times")
            elif turns[session_id][0] != sent or turns[session_id][1] < 1:
                count, edus = turns[session_id]
                result.problems.append(f"{session_id}: {count} of {sent} turns, {edus} EDUs")


def _session(client: int, number: int) -> dict[str, Any]:
    """A new session for the soak to store: client and number make it unique."""
    return {
        "id": f"soak-{client}-{number}",
        "conversation": "soak",
        "turns": [
            {"speaker": "Hana", "text": f"Batch {number} of rye loaves for stall {client} is out."},
            {"speaker": "Marco", "text": "Did the crust crack this time?"},
            {"speaker": "Hana", "text": f"Only on loaf {number}; the oven ran hot again."},
        ],
    }
