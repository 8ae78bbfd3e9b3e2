"""A load generator for the API: concurrent GraphQL clients on loopback, bounded in count and
time, measuring what a client sees (HTTP included), against a `hippograph serve` of its own."""

import asyncio
import itertools
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from hippograph.evaluation.latency import percentile
from hippograph.graph.errors import HippographError

INGEST_SCOPE = "bench-api-ingest"
# A session written for this benchmark: what gets stored while the recalls run.
BENCH_SESSION: dict[str, Any] = {
    "id": "allotment",
    "conversation": "bench",
    "startedAt": "2024-04-13T09:00:00",
    "turns": [
        {"speaker": "Maren", "text": "I finally got a plot at the Elm Street allotments."},
        {"speaker": "Olu", "text": "What are you planting first?"},
        {"speaker": "Maren", "text": "Broad beans in March, then courgettes once May is warm."},
        {"speaker": "Olu", "text": "My uncle Femi grew pumpkins there for twenty years."},
        {"speaker": "Maren", "text": "I will ask Femi about the slugs; they ate my lettuce."},
        {"speaker": "Olu", "text": "He swears by copper tape around the beds."},
    ],
}


class BenchmarkError(HippographError):
    """A benchmark could not run (its server did not start, its data is not stored)."""


RECALL = """query($scope: String!, $query: String!, $k: Int!, $mode: RecallMode!) {
  recall(scope: $scope, query: $query, k: $k, mode: $mode) {
    __typename
    ... on Recall { hits { rank score edu { id text sessionId turns { id speaker text } }
                           explanation { summary } } }
    ... on Error { message } } }"""

INGEST = """mutation($scope: String!, $session: SessionInput!) {
  ingestSession(scope: $scope, session: $session) {
    __typename ... on SessionOutcome { status edus } ... on Error { message } } }"""


def free_port() -> int:
    """A TCP port on loopback that nothing listens on (for a server started next)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class LoadResult:
    clients: int
    requests: int
    failures: int
    seconds: float
    latencies_ms: tuple[float, ...]
    ingest_ms: float | None = None

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def p(self, q: float) -> float:
        return percentile(self.latencies_ms, q) if self.latencies_ms else float("nan")


def error_code(answer: httpx.Response) -> tuple[str | None, dict[str, Any]]:
    """The answer's error code (None when it carries data without errors), and its data: the
    GraphQL error's code (UNAVAILABLE, TIMEOUT, INTERNAL, …) or a typed error's name."""
    try:
        body: dict[str, Any] = answer.json()
    except ValueError:
        return f"HTTP {answer.status_code}", {}
    errors = body.get("errors") or []
    if errors:
        return str(errors[0].get("extensions", {}).get("code", f"HTTP {answer.status_code}")), {}
    data: dict[str, Any] = body.get("data") or {}
    kinds = [str(v.get("__typename", "")) for v in data.values() if isinstance(v, dict)]
    failed = next((k for k in kinds if k.endswith("Error")), None)
    return failed, data


@dataclass(frozen=True)
class Answer:
    """What a client saw of one request: its error code (None: data without errors), its data
    and how long it took, in milliseconds."""

    code: str | None
    data: dict[str, Any]
    ms: float


class GraphQLClient:
    def __init__(self, client: httpx.AsyncClient, url: str, key: str) -> None:
        self.client = client
        self.url = url
        self.headers = {"Authorization": f"Bearer {key}"}

    async def answer(self, document: str, **variables: object) -> Answer:
        """The request's outcome, failures included: a transport error is the code
        ``transport: <its name>`` instead of an exception, so a benchmark runs through an
        outage and counts what its clients saw."""
        started = time.perf_counter()
        try:
            answer = await self.client.post(
                self.url, json={"query": document, "variables": variables}, headers=self.headers
            )
            code, data = error_code(answer)
        except httpx.TransportError as error:
            code, data = f"transport: {type(error).__name__}", {}
        return Answer(code, data, (time.perf_counter() - started) * 1000)

    async def call(self, document: str, **variables: object) -> tuple[float, bool, dict[str, Any]]:
        """(milliseconds, whether it succeeded, the data)."""
        started = time.perf_counter()
        answer = await self.client.post(
            self.url, json={"query": document, "variables": variables}, headers=self.headers
        )
        elapsed = (time.perf_counter() - started) * 1000
        body: dict[str, Any] = answer.json() if answer.status_code == 200 else {}
        data: dict[str, Any] = body.get("data") or {}
        kinds = [str(v.get("__typename", "")) for v in data.values() if isinstance(v, dict)]
        ok = bool(data) and "errors" not in body and not any(k.endswith("Error") for k in kinds)
        return elapsed, ok, data


async def run_load(
    url: str,
    key: str,
    asked: Sequence[tuple[str, str]],
    clients: int,
    requests: int,
    max_seconds: float,
    mode: str,
    k: int,
    ingest: tuple[str, dict[str, object]] | None = None,
) -> LoadResult:
    """``requests`` recalls of ``asked`` (scope, question) by ``clients`` concurrent clients,
    stopping early at ``max_seconds``; with ``ingest`` (scope, session), that session is
    ingested once the load is running, and its latency reported."""
    questions = itertools.cycle(asked)
    latencies: list[float] = []
    failures = 0
    issued = 0
    limits = httpx.Limits(max_connections=clients + 1, max_keepalive_connections=clients + 1)
    async with httpx.AsyncClient(limits=limits, timeout=60) as http:
        graphql = GraphQLClient(http, url, key)
        started = time.perf_counter()
        deadline = started + max_seconds

        async def client() -> None:
            nonlocal failures, issued
            while issued < requests and time.perf_counter() < deadline:
                issued += 1
                scope, question = next(questions)
                ms, ok, _ = await graphql.call(RECALL, scope=scope, query=question, k=k, mode=mode)
                if ok:
                    latencies.append(ms)
                else:
                    failures += 1

        async def ingest_once() -> float | None:
            if ingest is None:
                return None
            await asyncio.sleep(min(2.0, max_seconds / 4))  # let the recalls get going
            ms, ok, data = await graphql.call(INGEST, scope=ingest[0], session=ingest[1])
            if not ok:
                raise RuntimeError(f"the ingest during the load failed: {data}")
            return ms

        *_, ingest_ms = await asyncio.gather(*(client() for _ in range(clients)), ingest_once())
        seconds = time.perf_counter() - started
    return LoadResult(
        clients, len(latencies) + failures, failures, seconds, tuple(latencies), ingest_ms
    )


@contextmanager
def own_server(workers: int, env: dict[str, str]) -> Iterator[str]:
    """A `hippograph serve` of its own on a free loopback port, with ``env`` added to this
    process's environment (the benchmark's key); yields its GraphQL URL and stops it after."""
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "hippograph"),
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                raise BenchmarkError(f"the API server exited with status {process.returncode}")
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise BenchmarkError("the API server did not answer /health within 180 s")
            time.sleep(0.5)
        yield f"{url}/graphql"
    finally:
        process.terminate()
        process.wait(timeout=60)


async def run_levels(
    url: str,
    key: str,
    asked: list[tuple[str, str]],
    levels: tuple[int, ...],
    requests: int,
    seconds: float,
    mode: str,
    k: int,
    ingest: bool,
) -> list[LoadResult]:
    """A warm-up, then one load per level of concurrent clients; with ``ingest``, the middle
    level (the 8 of 1,8,32) stores :data:`BENCH_SESSION` while it runs."""
    async with httpx.AsyncClient(timeout=60) as http:
        await GraphQLClient(http, url, key).call(
            "mutation($s: String!) { deleteScope(scope: $s) { __typename } }", s=INGEST_SCOPE
        )
    await run_load(url, key, asked, 1, 20, seconds, mode, k)  # warm-up, not reported
    results = []
    middle = levels[len(levels) // 2]
    for clients in levels:
        during = (INGEST_SCOPE, BENCH_SESSION) if ingest and clients == middle else None
        results.append(await run_load(url, key, asked, clients, requests, seconds, mode, k, during))
    return results
