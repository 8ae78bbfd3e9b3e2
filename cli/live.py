"""`hippograph bench live`: many scopes growing turn by turn through appendTurns while other
scopes are recalled, optionally through a kill of the local Neo4j (the measuring is
evaluation/live.py); exits 1 when an acknowledged turn is lost, doubled or out of place."""

import asyncio
import os
import secrets
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import TimeElapsedColumn

from hippograph.api.auth import create_key
from hippograph.api.settings import Settings
from hippograph.cli.console import console, counting_progress, figures, reported
from hippograph.cli.soak import Restart, local_restarts
from hippograph.evaluation.latency import Timing
from hippograph.evaluation.live import LiveBench, LivePlan, LiveResult, by_mode, live_plan, ratio
from hippograph.evaluation.live_check import StoredCheck, check_stored
from hippograph.evaluation.load_generator import own_server
from hippograph.graph.connection import open_driver
from hippograph.graph.store import delete_scope
from hippograph.ingest.formats.locomo import load_locomo_questions

# The run's scopes: live-<hex>-<i> grow, live-<hex>-r<j> are recalled.
PREFIX = "live-"


def bench_live(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a LoCoMo file")],
    scopes: Annotated[int, typer.Option(min=1, max=100_000, help="scopes that grow")] = 1000,
    turns: Annotated[int, typer.Option(min=1, help="turns appended to each scope")] = 4,
    clients: Annotated[int, typer.Option(min=1, max=256, help="concurrent appenders")] = 8,
    recall_clients: Annotated[
        int,
        typer.Option(
            min=0,
            max=256,
            help="concurrent recallers (hybrid, associative) in other scopes; 0: the appends "
            "and their probes alone, what one append costs",
        ),
    ] = 2,
    recall_scopes: Annotated[int, typer.Option(min=1, help="scopes recalled meanwhile")] = 5,
    baseline_recalls: Annotated[
        int, typer.Option(min=10, help="recalls of the read-only run before the appends")
    ] = 400,
    probe_every: Annotated[
        int, typer.Option(min=1, help="recall the appended turn after every Nth append")
    ] = 4,
    one_session: Annotated[
        bool, typer.Option(help="each scope grows one session (the worst case per session)")
    ] = False,
    kill_at: Annotated[
        float | None, typer.Option(min=0, help="seconds into the appends when Neo4j is killed")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="API server processes")] = 1,
    keep: Annotated[bool, typer.Option(help="keep the run's scopes afterwards")] = False,
) -> None:
    """Append p50/p95/p99, how soon an appended turn is recallable, recall p95 during the
    appends against a read-only run, errors by code, and proof that every acknowledged turn is
    stored exactly once. `--scopes 1 --turns 2000 --one-session` is one conversation grown long:
    it adds the first 100 turns' append p95 against the last 100's."""
    settings: Settings = ctx.obj
    with reported():
        restarts = local_restarts(settings, "--kill-at") if kill_at is not None else None
        found = load_locomo_questions(path)
        prefix = f"{PREFIX}{secrets.token_hex(3)}-"
        recalled = recall_scopes if recall_clients else 0  # nobody would ask them
        plan = live_plan(found, prefix, scopes, turns, recalled, one_session=one_session)
        result = LiveResult(scopes, turns, clients, recall_clients, workers)
        with tempfile.TemporaryDirectory() as folder:
            keys = Path(folder) / "api-keys.json"
            named = [*plan.growing, *plan.recalled]
            key = create_key(keys, "bench-live", named, named)
            env = {"HIPPOGRAPH_API_KEYS_FILE": str(keys), "HIPPOGRAPH_API_KEYS": "[]"}
            with own_server(workers, env) as url:
                bench = LiveBench(url, key, plan)
                asyncio.run(_run(bench, result, baseline_recalls, probe_every, kill_at, restarts))
        checked = asyncio.run(_check(settings, plan, result, keep))
    _print(result, checked)
    if checked.problems or result.gave_up:
        raise typer.Exit(1)


async def _run(
    bench: LiveBench,
    result: LiveResult,
    baseline_recalls: int,
    probe_every: int,
    kill_at: float | None,
    restarts: tuple[Restart, Restart] | None,
) -> None:
    plan = bench.plan
    held = sum(len(t) for t in plan.recalled.values())
    console.print(
        f"Scopes {plan.prefix}*; storing {len(plan.recalled)} recall scope(s), {held} turns"
    )
    await bench.seed()
    console.print(
        f"Read-only: {baseline_recalls} recalls by {result.recall_clients} client(s) "
        f"in {len(plan.recalled)} scope(s)"
    )
    result.before = await bench.read_only(result, baseline_recalls)
    result.load["read-only run"] = os.getloadavg()[0]
    total = sum(len(t) for t in plan.growing.values())
    console.print(
        f"Appending {total} turns to {result.scopes} scope(s) with {result.clients} client(s), "
        f"{result.recall_clients} recalling meanwhile"
        + (f"; Neo4j is killed at {kill_at:.0f} s" if kill_at is not None else "")
    )
    with counting_progress(TimeElapsedColumn()) as progress:
        task = progress.add_task("appends", total=total)
        await bench.grow(result, probe_every, kill_at, restarts, lambda: progress.advance(task))
    result.load["appends"] = os.getloadavg()[0]
    console.print(f"Read-only again: {baseline_recalls} recalls")
    result.after = await bench.read_only(result, baseline_recalls)
    result.load["second read-only run"] = os.getloadavg()[0]


async def _check(settings: Settings, plan: LivePlan, result: LiveResult, keep: bool) -> StoredCheck:
    """Every acknowledged turn read back from the database, then the run's scopes deleted."""
    config = settings.neo4j()
    async with open_driver(config) as driver:
        console.print(f"Reading back {len(plan.growing)} scope(s)")
        checked = await check_stored(driver, config.database, list(plan.growing), result.acks)
        if not keep:
            scopes = [*plan.growing, *plan.recalled]
            with counting_progress(TimeElapsedColumn()) as progress:
                task = progress.add_task("scopes deleted", total=len(scopes))
                for scope in scopes:
                    await delete_scope(driver, config.database, scope)
                    progress.advance(task)
    return checked


def _ms(timing: Timing | None) -> list[str]:
    if timing is None:
        return ["-"] * 4
    return [f"{v:.1f}" for v in (timing.p50_ms, timing.p95_ms, timing.p99_ms, timing.max_ms)]


def _print(result: LiveResult, checked: StoredCheck) -> None:
    _print_appends(result)
    _print_probes(result)
    _print_recalls(result)
    _print_faults(result, checked)


def _print_appends(result: LiveResult) -> None:
    table = figures(
        f"Appends: {result.scopes} scope(s) × {result.turns} turns, {result.clients} client(s), "
        f"{result.workers} server process(es), {result.seconds:.0f} s",
        ["turns"],
        ["appends", "per s", "p50 ms", "p95 ms", "p99 ms", "max ms"],
    )
    if result.acks:
        rate = f"{len(result.acks) / result.seconds:.1f}" if result.seconds else "-"
        table.add_row("all", str(len(result.acks)), rate, *_ms(result.appends()))
    growth = result.growth()
    if growth:
        first, last = growth
        table.add_row("first 100 of each scope", str(first.recalls), "", *_ms(first))
        table.add_row("last 100 of each scope", str(last.recalls), "", *_ms(last))
    console.print(table)
    if growth:
        _ratio("Append p95, last 100 turns ÷ first 100", growth[1].p95_ms, growth[0].p95_ms)


def _print_probes(result: LiveResult) -> None:
    probes = result.probes
    answered = [p for p in probes if not p.interrupted]
    found = [p for p in answered if p.found_ms is not None]
    first_try = sum(p.tries == 1 for p in found)
    console.print(
        f"Read-your-writes: {len(probes)} appends followed by a lexical recall of their text; "
        f"found at the first recall {first_try}, later {len(found) - first_try}, not within "
        f"10 s {len(answered) - len(found)}, cut by the outage {len(probes) - len(answered)}"
    )
    missed = [p.turn for p in answered if p.found_ms is None]
    if missed:
        console.print(f"Not found: {', '.join(missed[:10])}")
    if not answered:
        return
    table = figures("After an append (ms)", ["recall"], ["n", "p50", "p95", "p99", "max"])
    rows = {
        "append → found": [p.found_ms for p in found if p.found_ms is not None],
        "first recall after the append": [p.first_ms for p in answered],
        "the same recall again (warm)": [p.warm_ms for p in answered if p.warm_ms is not None],
        "then hybrid, same text and scope": [p.hybrid_ms for p in answered if p.hybrid_ms],
    }
    for name, values in rows.items():
        table.add_row(name, str(len(values)), *(_ms(Timing.of(values)) if values else ["-"] * 4))
    console.print(table)
    first, warm, hybrid = (Timing.of(v) if v else None for v in list(rows.values())[1:])
    if first and warm:
        _ratio("First recall after an append p95 ÷ warm p95", first.p95_ms, warm.p95_ms)
    if hybrid and result.acks:
        appends = result.appends().p95_ms
        _ratio("Append p95 ÷ hybrid recall p95 (the same scopes)", appends, hybrid.p95_ms)


def _print_recalls(result: LiveResult) -> None:
    table = figures(
        f"Recalls in other scopes by {result.recall_clients} client(s), k = 10 (ms)",
        ["recalls"],
        ["n", "hybrid p50", "hybrid p95", "associative p50", "associative p95", "all p95"],
    )
    phases = {
        "alone, before the appends": by_mode(result.before),
        "during the appends": by_mode(result.during),
        "alone, after the appends": by_mode(result.after),
    }
    alone = by_mode(result.read_only())
    for name, timings in {**phases, "alone, before and after": alone}.items():
        table.add_row(name, *_recall_row(timings))
    console.print(table)
    during = phases["during the appends"]
    ratios = [
        f"{mode.lower()} {ratio(busy.p95_ms, quiet.p95_ms):.2f}×"
        for mode, busy in during.items()
        if busy and (quiet := alone.get(mode))
    ]
    console.print(f"Recall p95 during the appends ÷ alone: {', '.join(ratios) or '-'}")
    hybrid = during.get("HYBRID")
    if hybrid and result.acks:
        appends = result.appends().p95_ms
        _ratio("Append p95 ÷ hybrid recall p95 (other scopes, meanwhile)", appends, hybrid.p95_ms)


def _recall_row(timings: dict[str, Timing | None]) -> list[str]:
    hybrid, associative, every = (timings.get(m) for m in ("HYBRID", "ASSOCIATIVE", "all"))
    n = str(every.recalls) if every else "0"
    return [
        n,
        *(f"{v:.1f}" if t else "-" for t in (hybrid, associative) for v in _p50_p95(t)),
        f"{every.p95_ms:.1f}" if every else "-",
    ]


def _p50_p95(timing: Timing | None) -> tuple[float, float]:
    return (timing.p50_ms, timing.p95_ms) if timing else (0.0, 0.0)


def _ratio(what: str, a: float, b: float) -> None:
    console.print(f"{what}: {ratio(a, b):.2f}× ({a:.1f} ÷ {b:.1f} ms)")


def _print_faults(result: LiveResult, checked: StoredCheck) -> None:
    load = ", ".join(f"{v:.1f} at the end of the {k}" for k, v in result.load.items())
    console.print(f"Machine load (1-minute average, this run included): {load}")
    if result.outage:
        killed, back = result.outage
        console.print(f"Neo4j killed at {killed:.1f} s; the API answered again at {back:.1f} s")
    errors = ", ".join(f"{code} {n}" for code, n in result.errors().most_common()) or "none"
    console.print(f"Requests {len(result.outcomes)}; errors by code: {errors}")
    outside = result.outside_outage()
    if outside:
        console.print(
            f"[yellow]{len(outside)} error(s) outside the outage[/yellow], first: {outside[0]}"
        )
    again, held = result.retried()
    console.print(
        f"Appends acknowledged after a retry: {again} (of them, already stored by the failed "
        f"attempt: {held}); given up: {len(result.gave_up)}"
    )
    console.print(
        f"Acknowledged turns {len(result.acks)}; read back {checked.turns} turns; stored without "
        f"an acknowledgement {checked.unacknowledged}; faults {len(checked.problems)}"
    )
    for problem in checked.problems[:20]:
        console.print(f"[red]{problem}[/red]")
    for turn in result.gave_up[:20]:
        console.print(f"[red]append given up: {turn}[/red]")
    if not checked.problems and not result.gave_up:
        console.print("Every acknowledged turn is stored exactly once, positions contiguous.")
