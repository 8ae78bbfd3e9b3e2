"""`hippograph bench soak`: the API under mixed load for a bounded time, with the local Neo4j
killed and restarted in the middle (hippograph.evaluation.soak); exits 1 when an error falls
outside the outage or an acknowledged session is not stored whole and once."""

import asyncio
import json
import secrets
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import typer

from hippograph.api.auth import KEY_PREFIX, KeyGrant, digest
from hippograph.api.settings import Settings
from hippograph.cli.console import console, figures, reported
from hippograph.evaluation.load_generator import BenchmarkError, own_server
from hippograph.evaluation.soak import Soak, SoakResult
from hippograph.graph.launcher import LocalNeo4j
from hippograph.ingest.sample import SAMPLE_CONVERSATIONS


def _sample_sessions() -> list[dict[str, Any]]:
    """The sample conversations as GraphQL SessionInputs: what the soak recalls from."""
    sessions = []
    for line in SAMPLE_CONVERSATIONS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            sessions.append({
                "id": raw["session"], "conversation": raw["conversation"],
                "startedAt": raw.get("started_at"),
                "turns": [{"speaker": t["speaker"], "text": t["text"]} for t in raw["turns"]],
            })  # fmt: skip
    return sessions


Restart = Callable[[], Awaitable[None]]


def local_restarts(settings: Settings, who: str) -> tuple[Restart, Restart]:
    """(kill, restart) of the local Neo4j, for a benchmark that takes it down mid-run (SIGKILL,
    as a crash would); a BenchmarkError naming ``who`` when the database is not the local one
    or is not running."""
    neo4j = LocalNeo4j(settings.local_server())
    if settings.neo4j_uri or neo4j.pid() is None:
        raise BenchmarkError(
            f"{who} kills and restarts the local Neo4j: start it with `hippograph neo4j start` "
            "(and leave HIPPOGRAPH_NEO4J_URI unset)"
        )
    password = settings.password()

    async def kill() -> None:
        await asyncio.to_thread(neo4j.kill)

    async def restart() -> None:
        await asyncio.to_thread(neo4j.start, password)

    return kill, restart


def bench_soak(
    ctx: typer.Context,
    clients: Annotated[int, typer.Option(min=1, max=256, help="concurrent clients")] = 32,
    seconds: Annotated[float, typer.Option(min=10, max=3600, help="how long")] = 600.0,
    kill_at: Annotated[
        float | None, typer.Option(help="seconds in when Neo4j is killed (default: halfway)")
    ] = None,
    minute: Annotated[float, typer.Option(min=5, help="seconds per row of the table")] = 60.0,
) -> None:
    """Recalls in every mode, browsing and ingests by concurrent clients, with the local Neo4j
    killed (SIGKILL) and restarted halfway; errors by code and p50/p95/p99 per minute."""
    settings: Settings = ctx.obj
    with reported():
        kill, restart = local_restarts(settings, "the soak")
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        scope = f"soak-{secrets.token_hex(4)}"
        grant = KeyGrant(name="soak", sha256=digest(key), read=(scope,), write=(scope,))
        env = {"HIPPOGRAPH_API_KEYS": json.dumps([grant.model_dump(mode="json")])}
        with own_server(1, env) as url:
            soak = Soak(url, key, scope)
            asyncio.run(soak.seed(_sample_sessions()))
            console.print(f"Soak: {clients} clients for {seconds:.0f} s in scope {scope}")
            result = asyncio.run(
                soak.run(clients, seconds, seconds / 2 if kill_at is None else kill_at, kill,
                         restart)
            )  # fmt: skip
            asyncio.run(soak.delete_scope())
    _print(result, minute)
    if result.outside_outage() or result.problems:
        raise typer.Exit(1)


def _print(result: SoakResult, minute: float) -> None:
    table = figures(
        f"Soak: {result.clients} clients, {result.seconds:.0f} s",
        [],
        ["minute", "requests", "errors", "p50 ms", "p95 ms", "p99 ms"],
    )
    for index, requests, failed, p50, p95, p99 in result.by_minute(minute):
        table.add_row(str(index), str(requests), str(failed), f"{p50:.0f}", f"{p95:.0f}",
                      f"{p99:.0f}")  # fmt: skip
    console.print(table)
    if result.outage:
        killed, back = result.outage
        console.print(f"Neo4j killed at {killed:.1f} s; the API answered again at {back:.1f} s")
    span = result.error_span()
    if span:
        console.print(f"Errors answered from {span[0]:.1f} s to {span[1]:.1f} s")
    errors = ", ".join(f"{code} {n}" for code, n in result.errors().most_common()) or "none"
    console.print(f"Requests {len(result.outcomes)}; errors by code: {errors}")
    console.print(f"Sessions acknowledged as stored: {len(result.acknowledged)}, checked")
    for outcome in result.outside_outage()[:10]:
        console.print(f"[red]error outside the outage[/red]: {outcome}")
    for problem in result.problems:
        console.print(f"[red]{problem}[/red]")
