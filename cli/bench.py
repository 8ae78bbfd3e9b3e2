"""`hippograph bench extract|ingest|recall|scale|api|soak|live`: speed, quality and endurance
figures.

The measuring itself lives in :mod:`hippograph.evaluation`; these commands gather what it
needs from the settings and print its tables.
"""

import asyncio
import json
import secrets
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import TimeElapsedColumn

from hippograph.api.auth import KEY_PREFIX, KeyGrant, digest
from hippograph.api.settings import Settings
from hippograph.api.wiring import ExtractorKind, build_extractor, query_preparer
from hippograph.cli.console import console, counting_progress, figures, reported
from hippograph.cli.extract import turn_progress
from hippograph.cli.ingest import ingest_file
from hippograph.cli.live import bench_live
from hippograph.cli.options import parse_numbers, parse_presets
from hippograph.cli.scale import bench_scale, source_edus
from hippograph.cli.soak import bench_soak
from hippograph.evaluation.extraction import bench_extract
from hippograph.evaluation.harness import answerable_questions
from hippograph.evaluation.latency import Latency, Timing, measure_latency, preparation_latency
from hippograph.evaluation.load_generator import (
    INGEST_SCOPE,
    own_server,
    run_levels,
)
from hippograph.graph.connection import open_driver
from hippograph.graph.recall.model import MAX_K, RecallMode
from hippograph.graph.store import delete_scope
from hippograph.ingest.formats import InputFormat, open_source
from hippograph.ingest.formats.locomo import load_locomo_questions

NAME = "bench"
app = typer.Typer(help="Benchmarks (speed and quality figures).", no_args_is_help=True)
app.command("soak")(bench_soak)
app.command("scale")(bench_scale)
app.command("live")(bench_live)
BENCH_PREFIX = "bench-"
LocomoFile = Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a LoCoMo file")]
Prefix = Annotated[str, typer.Option(help="scope prefix of the ingested file")]


async def _require_scopes(settings: Settings, scopes: set[str], path: Path) -> None:
    config = settings.neo4j()
    async with open_driver(config) as driver:
        await source_edus(driver, config.database, scopes, path)


@app.command("extract")
def bench_extract_command(
    ctx: typer.Context,
    path: LocomoFile,
    extractor_kind: Annotated[ExtractorKind, typer.Option("--extractor")] = ExtractorKind.OFFLINE,
) -> None:
    """Time extraction of a LoCoMo file and measure evidence coverage and speaker grounding."""
    settings: Settings = ctx.obj
    with reported():
        extractor = build_extractor(settings, extractor_kind)
        with turn_progress() as progress:
            task = progress.add_task("turns", total=None, rate="")
            report = bench_extract(path, extractor, lambda n: progress.advance(task, n))
    table = figures(
        f"Extraction benchmark: {path.name} ({extractor.name} {extractor.version})",
        ["measure"],
        ["value"],
    )
    table.add_row("sessions / turns", f"{report.sessions} / {report.turns}")
    table.add_row("EDUs", str(report.edus))
    table.add_row("time", f"{report.seconds:.1f} s")
    table.add_row("turns per second", f"{report.turns_per_second:.0f}")
    table.add_row(
        "evidence turns covered",
        f"{report.covered_evidence_turns}/{report.evidence_turns} ({report.coverage:.1%})",
    )
    table.add_row(
        "EDUs starting with a bare I/you/we",
        f"{len(report.pronoun_starts)} ({report.pronoun_start_rate:.2%})",
    )
    table.add_row("turns with only pleasantries (no EDU)", str(report.dropped_turns))
    console.print(table)
    for missed in report.missed_evidence:
        console.print(f"missed evidence turn: {missed}")


async def _delete_scopes(settings: Settings, scopes: list[str]) -> None:
    config = settings.neo4j()
    async with open_driver(config) as driver:
        for scope in scopes:
            await delete_scope(driver, config.database, scope)


@app.command("ingest")
def bench_ingest(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    input_format: Annotated[InputFormat, typer.Option("--format")] = InputFormat.LOCOMO,
    keep: Annotated[bool, typer.Option(help="keep the bench-* scopes afterwards")] = False,
) -> None:
    """Time a cold ingest of PATH (extraction + embeddings + writes) into bench-* scopes."""
    settings: Settings = ctx.obj
    with reported():
        scopes = [BENCH_PREFIX + c for c in open_source(path, input_format).conversation_ids]
        asyncio.run(_delete_scopes(settings, scopes))
        started = time.perf_counter()
        report = asyncio.run(
            ingest_file(settings, path, input_format, None, ExtractorKind.OFFLINE, BENCH_PREFIX)
        )
        wall = time.perf_counter() - started
        if not keep:
            asyncio.run(_delete_scopes(settings, scopes))
    table = figures(
        f"Ingest benchmark: {path.name} ({report.sessions_written} sessions, "
        f"{report.turns} turns, {report.edus} EDUs)",
        ["stage"],
        ["seconds", "turns/s"],
    )
    for stage, seconds in report.seconds.items():
        table.add_row(stage, f"{seconds:.1f}", f"{report.turns / seconds:.0f}" if seconds else "-")
    other = wall - sum(report.seconds.values())
    table.add_row("start-up and the rest", f"{other:.1f}", "")
    table.add_row("total (wall clock)", f"{wall:.1f}", f"{report.turns / wall:.0f}")
    console.print(table)
    extract = report.seconds["extract"]
    if extract and wall:
        console.print(
            f"End to end {report.turns / wall:.0f} turns/s: {extract / wall:.2f}× the rate of "
            f"extraction alone ({report.turns / extract:.0f} turns/s)."
        )


async def _latency(
    settings: Settings, path: Path, modes: str, k: int, prefix: str
) -> tuple[Timing, list[Latency]]:
    found = load_locomo_questions(path)
    preparer = query_preparer(settings)
    questions = [q for q in found.questions if not q.unanswerable]
    with counting_progress(TimeElapsedColumn()) as progress:
        task = progress.add_task("questions prepared", total=len(questions))
        preparing = preparation_latency(preparer, questions, lambda: progress.advance(task))
    asked = answerable_questions(preparer, found.questions, prefix)
    presets = parse_presets(modes)
    await _require_scopes(settings, {scope for scope, _ in asked}, path)
    config = settings.neo4j()
    async with open_driver(config) as driver:
        with counting_progress(TimeElapsedColumn()) as progress:
            task = progress.add_task("recalls", total=len(asked) * len(presets))
            return preparing, await measure_latency(
                driver, config.database, asked, presets, k, advance=lambda: progress.advance(task)
            )


@app.command("recall")
def bench_recall(
    ctx: typer.Context,
    path: LocomoFile,
    modes: Annotated[str, typer.Option(help="comma-separated presets")] = "associative,hybrid",
    k: Annotated[int, typer.Option(min=1, max=MAX_K)] = 10,
    prefix: Prefix = "eval-",
) -> None:
    """Question preparation and recall latency per mode over every question of PATH: one
    client, warm projections."""
    settings: Settings = ctx.obj
    with reported():
        preparing, results = asyncio.run(_latency(settings, path, modes, k, prefix))
    prepared = figures(
        f"Question preparation, one question at a time ({settings.embedding_model}; ms)",
        ["questions"],
        ["p50", "p95", "p99", "max"],
    )
    prepared.add_row(
        str(preparing.recalls), f"{preparing.p50_ms:.1f}", f"{preparing.p95_ms:.1f}",
        f"{preparing.p99_ms:.1f}", f"{preparing.max_ms:.1f}",
    )  # fmt: skip
    console.print(prepared)
    table = figures(
        f"Recall latency, k = {k}, one client (ms)",
        ["mode"],
        ["recalls", "p50", "p95", "p99", "max"],
    )
    floor = figures(
        "Against the floor: the same recall in memory (ms)",
        ["mode"],
        ["floor p50", "floor p95", "×floor p50", "×floor p95", "top-k agree"],
    )
    for r in results:
        table.add_row(
            r.preset, str(r.engine.recalls), f"{r.engine.p50_ms:.1f}", f"{r.engine.p95_ms:.1f}",
            f"{r.engine.p99_ms:.1f}", f"{r.engine.max_ms:.1f}",
        )  # fmt: skip
        floor.add_row(
            r.preset, f"{r.floor.p50_ms:.2f}", f"{r.floor.p95_ms:.2f}", f"{r.p50_ratio:.1f}×",
            f"{r.p95_ratio:.1f}×", f"{r.agreement:.0%}",
        )  # fmt: skip
    console.print(table)
    console.print(floor)


@app.command("api")
def bench_api(
    ctx: typer.Context,
    path: LocomoFile,
    clients: Annotated[str, typer.Option(help="concurrent clients, comma-separated")] = "1,8,32",
    requests: Annotated[int, typer.Option(min=1, help="recalls per level")] = 400,
    seconds: Annotated[float, typer.Option(min=1, help="time limit per level")] = 90.0,
    mode: Annotated[RecallMode, typer.Option()] = RecallMode.ASSOCIATIVE,
    k: Annotated[int, typer.Option(min=1, max=MAX_K)] = 10,
    prefix: Prefix = "eval-",
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
        asyncio.run(_require_scopes(settings, {s for s, _ in asked}, path))
        # A key that exists only in the benchmark server's environment.
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        grant = KeyGrant(name="bench", sha256=digest(key), read=("*",), write=(INGEST_SCOPE,))
        env = {"HIPPOGRAPH_API_KEYS": json.dumps([grant.model_dump(mode="json")])}
        with own_server(workers, env) as url:
            console.print(f"Server up ({workers} worker(s)); {len(asked)} questions, mode {mode}")
            results = asyncio.run(
                run_levels(url, key, asked, levels, requests, seconds, mode.name, k, ingest)
            )
    table = figures(
        f"API recall under load: {mode.value}, k = {k}, {workers} worker(s)",
        [],
        ["clients", "recalls", "failed", "seconds", "recalls/s", "p50 ms", "p95 ms", "p99 ms",
         "ingest during (ms)"],
    )  # fmt: skip
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
