"""`hippograph bench scale`: recall, projection refresh and scene build as one scope grows to a
million EDUs, and recall across a thousand scopes (the measuring is evaluation/scaling.py)."""

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from neo4j import AsyncDriver
from rich.progress import TextColumn, TimeElapsedColumn

from hippograph.api.settings import Settings
from hippograph.api.wiring import query_preparer
from hippograph.cli.console import console, figures, progress_display, reported
from hippograph.cli.options import parse_numbers, parse_presets
from hippograph.evaluation.harness import prepare_questions
from hippograph.evaluation.isolation import recall_by_scope
from hippograph.evaluation.latency import Timing
from hippograph.evaluation.load_generator import BenchmarkError
from hippograph.evaluation.scaling import SizeRun, TenantRun, measure_growth, measure_tenants
from hippograph.graph.connection import open_driver
from hippograph.graph.recall.model import MAX_K
from hippograph.graph.recall.presets import PRESETS
from hippograph.graph.store import counts
from hippograph.ingest.formats.locomo import load_locomo_questions


async def source_edus(
    driver: AsyncDriver, database: str, scopes: set[str], path: Path
) -> dict[str, int]:
    """How many EDUs each scope holds; an error naming the command that fills the empty ones."""
    found = {s: (await counts(driver, database, s))["nodes"].get("EDU", 0) for s in scopes}
    missing = sorted(s for s, n in found.items() if not n)
    if missing:
        raise BenchmarkError(
            f"scopes {missing} hold nothing: run `hippograph eval locomo {path}` first"
        )
    return found


@dataclass
class Isolation:
    """Dense R@10 (%) of each source scope at each stage of the run, in order."""

    stages: dict[str, dict[str, float]] = field(default_factory=dict)


async def _scale(
    settings: Settings,
    path: Path,
    sizes: tuple[int, ...],
    tenants: int,
    tenant_edus: int,
    presets: str,
    k: int,
    questions: int,
    prefix: str,
    scenes_up_to: int,
    isolation: bool,
) -> tuple[list[SizeRun], TenantRun | None, Isolation]:
    kept = [q for q in load_locomo_questions(path).questions if not q.unanswerable]
    queries = prepare_questions(query_preparer(settings), kept)
    asked = [(prefix + q.conversation_id, query) for q, query in zip(kept, queries, strict=True)]
    modes = parse_presets(presets)
    config = settings.neo4j()
    budget = settings.gds_catalog_budget_mb * 2**20 or None
    isolated = Isolation()
    async with open_driver(config) as driver:
        edus = await source_edus(driver, config.database, {s for s, _ in asked}, path)
        columns = (TextColumn("{task.description}"), TimeElapsedColumn())
        with progress_display(*columns) as bar:
            task = bar.add_task("")

            def step(text: str) -> None:
                bar.update(task, description=text)

            async def dense_recall(stage: str) -> None:
                if isolation:
                    step(f"dense recall of {path.name}'s scopes: {stage}")
                    isolated.stages[stage] = await recall_by_scope(
                        driver, config.database, kept, queries, PRESETS["dense"], prefix
                    )

            await dense_recall("alone")
            grown = await measure_growth(
                driver, config, asked, sizes, modes, k, questions, scenes_up_to, step,
                lambda run: console.print(_said(run)),
            )  # fmt: skip
            spread = None
            if tenants:
                spread = await measure_tenants(
                    driver, config.database, asked, edus, tenants, tenant_edus, modes, k,
                    questions, budget, settings.api_lexical_scopes, step,
                    lambda: dense_recall(f"beside {tenants:,} scopes"),
                )  # fmt: skip
            await dense_recall("after the others were deleted")
    return grown, spread, isolated


def _said(run: SizeRun) -> str:
    """One size as soon as it is measured (the tables come at the end)."""
    recall = ", ".join(f"{m} p50 {t.p50_ms:.1f} p95 {t.p95_ms:.1f}" for m, t in run.recall.items())
    return f"{run.edus:,} EDUs: refresh {run.refresh_seconds:.1f} s; {recall} ms"


def _recall_cells(recall: Mapping[str, Timing], mode: str) -> list[str]:
    timing = recall[mode]
    return [f"{timing.p50_ms:.1f}", f"{timing.p95_ms:.1f}"]


def bench_scale(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a LoCoMo file")],
    sizes: Annotated[str, typer.Option(help="EDUs in the grown scope")] = "10000,100000,1000000",
    tenants: Annotated[int, typer.Option(min=0, help="scopes of the many-scopes run")] = 1000,
    tenant_edus: Annotated[int, typer.Option(min=1, help="EDUs of each such scope")] = 1000,
    modes: Annotated[str, typer.Option(help="comma-separated presets")] = (
        "associative,hybrid,lexical,dense"
    ),
    k: Annotated[int, typer.Option(min=1, max=MAX_K)] = 10,
    questions: Annotated[int, typer.Option(min=1, help="questions timed per mode and size")] = 200,
    prefix: Annotated[str, typer.Option(help="scope prefix of the ingested file")] = "eval-",
    scenes_up_to: Annotated[
        int, typer.Option(help="build scenes at sizes up to this many EDUs only")
    ] = 200_000,
    isolation: Annotated[
        bool,
        typer.Option(help="score dense recall of PATH's scopes alone, beside the others, after"),
    ] = True,
) -> None:
    """Grow one scope from copies of PATH's ingested conversations to each size and time recall,
    projection refresh and scene build; then recall across many scopes of one conversation."""
    parsed = parse_numbers(sizes, "--sizes")
    with reported():
        run = _scale(
            ctx.obj, path, parsed, tenants, tenant_edus, modes, k, questions, prefix,
            scenes_up_to, isolation,
        )  # fmt: skip
        grown, spread, isolated = asyncio.run(run)
    _print_grown(path, grown, k)
    if spread is not None:
        _print_tenants(spread)
    if isolated.stages:
        _print_isolation(isolated)


def _print_grown(path: Path, grown: Sequence[SizeRun], k: int) -> None:
    names = list(grown[0].recall) if grown else []
    table = figures(
        f"One scope grown from copies of {path.name}'s conversations (recall ms, k = {k})",
        ["EDUs"],
        ["nodes", "rels", "copy s", "refresh s", "BM25 s", "scenes s", "scenes"]
        + [f"{m} {q}" for m in names for q in ("p50", "p95")],
    )
    for r in grown:
        table.add_row(
            f"{r.edus:,}", f"{r.nodes:,}", f"{r.relationships:,}", f"{r.copy_seconds:.0f}",
            f"{r.refresh_seconds:.1f}", f"{r.lexical_seconds:.1f}",
            "-" if r.scenes_seconds is None else f"{r.scenes_seconds:.1f}",
            "-" if r.scenes is None else str(r.scenes),
            *(cell for m in names for cell in _recall_cells(r.recall, m)),
        )  # fmt: skip
    console.print(table)
    if len(grown) > 1:
        first, last = grown[0], grown[-1]
        for m in names:
            ratio = last.recall[m].p95_ms / first.recall[m].p95_ms
            console.print(
                f"{m}: p95 at {last.edus:,} EDUs is {ratio:.1f}× its p95 at {first.edus:,}."
            )


def _print_tenants(spread: TenantRun) -> None:
    many = figures(
        f"{spread.scopes:,} scopes of {spread.edus_each:,} EDUs, recalled in random order "
        f"({spread.cold_projections:,} cold projections, {spread.evictions:,} evictions; "
        f"copied in {spread.copy_seconds:.0f} s; GDS catalog after: "
        f"{spread.catalog.scopes:,} warm projections, {spread.catalog.bytes / 2**20:,.0f} MiB)",
        ["mode"],
        ["recalls", "p50 ms", "p95 ms", "p99 ms", "max ms"],
    )
    for m, t in spread.recall.items():
        many.add_row(
            m, str(t.recalls), f"{t.p50_ms:.1f}", f"{t.p95_ms:.1f}", f"{t.p99_ms:.1f}",
            f"{t.max_ms:.1f}",
        )  # fmt: skip
    console.print(many)


def _print_isolation(isolated: Isolation) -> None:
    stages = list(isolated.stages)
    first = isolated.stages[stages[0]]
    table = figures(
        "Dense R@10 (%) of each scope as the database fills around it",
        ["scope"],
        [*stages, "largest change"],
    )
    for scope, alone in first.items():
        values = [isolated.stages[stage][scope] for stage in stages]
        change = max((v - alone for v in values), key=abs)
        table.add_row(scope, *(f"{v:.1f}" for v in values), f"{change:+.1f}")
    console.print(table)
