"""`hippograph bench api`: recall throughput and latency through the HTTP API under load.

By default it starts its own `hippograph serve` on a free loopback port, with a key that exists
only in that process's environment, and stops it afterwards; the load comes from this process.
"""

import asyncio
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.table import Table

from api.auth import KEY_PREFIX, KeyGrant, digest
from api.cli_eval import parse_numbers
from api.console import console, reported
from api.load import GraphQLClient, LoadResult, free_port, run_load
from api.settings import Settings
from graph.connection import open_driver
from graph.recall.model import MAX_K, RecallMode
from graph.store import list_scopes
from ingest.errors import IngestError
from ingest.loaders.locomo import load_locomo_questions

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


@contextmanager
def _server(workers: int) -> Iterator[tuple[str, str]]:
    """A `hippograph serve` of its own: (url, key)."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    grant = KeyGrant(name="bench", sha256=digest(key), read=("*",), write=(INGEST_SCOPE,))
    port = free_port()
    env = {**os.environ, "HIPPOGRAPH_API_KEYS": json.dumps([grant.model_dump(mode="json")])}
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
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                raise IngestError(f"the API server exited with status {process.returncode}")
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise IngestError("the API server did not answer /health within 180 s")
            time.sleep(0.5)
        yield f"{url}/graphql", key
    finally:
        process.terminate()
        process.wait(timeout=60)


async def _scopes_present(settings: Settings, scopes: set[str], path: Path) -> None:
    config = settings.neo4j()
    async with open_driver(config) as driver:
        missing = sorted(scopes - set(await list_scopes(driver, config.database)))
    if missing:
        raise IngestError(
            f"scopes {missing} hold nothing: run `hippograph eval locomo {path}` first"
        )


async def _levels(
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
    async with httpx.AsyncClient(timeout=60) as http:
        await GraphQLClient(http, url, key).call(
            "mutation($s: String!) { deleteScope(scope: $s) { __typename } }", s=INGEST_SCOPE
        )
    await run_load(url, key, asked, 1, 20, seconds, mode, k)  # warm-up, not reported
    results = []
    middle = levels[len(levels) // 2]  # the 8 of 1,8,32: ingest while that level runs
    for clients in levels:
        during = (INGEST_SCOPE, BENCH_SESSION) if ingest and clients == middle else None
        results.append(await run_load(url, key, asked, clients, requests, seconds, mode, k, during))
    return results


def bench_api(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a LoCoMo file")],
    clients: Annotated[str, typer.Option(help="concurrent clients, comma-separated")] = "1,8,32",
    requests: Annotated[int, typer.Option(min=1, help="recalls per level")] = 400,
    seconds: Annotated[float, typer.Option(min=1, help="time limit per level")] = 90.0,
    mode: Annotated[RecallMode, typer.Option()] = RecallMode.ASSOCIATIVE,
    k: Annotated[int, typer.Option(min=1, max=MAX_K)] = 10,
    prefix: Annotated[str, typer.Option(help="scope prefix of the ingested file")] = "eval-",
    workers: Annotated[int, typer.Option(min=1, help="server processes")] = 1,
    ingest: Annotated[bool, typer.Option(help="ingest a session during the 8-client level")] = True,
) -> None:
    """Recall throughput and p50/p95/p99 through the API at 1, 8 and 32 concurrent clients."""
    settings: Settings = ctx.obj
    levels = parse_numbers(clients, "--clients")
    with reported():
        found = load_locomo_questions(path)
        asked = [
            (prefix + q.conversation_id, q.question) for q in found.questions if not q.unanswerable
        ]
        asyncio.run(_scopes_present(settings, {s for s, _ in asked}, path))
        with _server(workers) as (url, key):
            console.print(f"Server up ({workers} worker(s)); {len(asked)} questions, mode {mode}")
            results = asyncio.run(
                _levels(url, key, asked, levels, requests, seconds, mode.name, k, ingest)
            )
    table = Table(title=f"API recall under load: {mode.value}, k = {k}, {workers} worker(s)")
    for column in (
        "clients",
        "recalls",
        "failed",
        "seconds",
        "recalls/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "ingest during (ms)",
    ):
        table.add_column(column, justify="right")
    for r in results:
        table.add_row(
            str(r.clients),
            str(r.requests),
            str(r.failures),
            f"{r.seconds:.1f}",
            f"{r.throughput:.1f}",
            f"{r.p(0.5):.1f}",
            f"{r.p(0.95):.1f}",
            f"{r.p(0.99):.1f}",
            f"{r.ingest_ms:.0f}" if r.ingest_ms is not None else "",
        )
    console.print(table)
