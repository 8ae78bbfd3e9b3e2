"""`hippograph bench recall` and `hippograph bench scenes`: latency and scaling figures."""

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.cli_eval import parse_numbers, parse_presets, prepare_questions
from api.console import console, reported
from api.settings import Settings
from graph.connection import open_driver
from graph.gds.scaling import ScaleRun, measure_scale
from graph.recall.model import MAX_K
from graph.store import list_scopes
from ingest.embeddings import load_embeddings
from ingest.errors import IngestError
from ingest.evaluation.latency import Latency, measure_latency
from ingest.loaders.locomo import load_locomo_questions
from ingest.nlp import load_spacy
from ingest.query import QueryPreparer

COLUMNS = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())


async def _latency(
    settings: Settings, path: Path, modes: str, k: int, prefix: str
) -> list[Latency]:
    found = load_locomo_questions(path)
    questions = [q for q in found.questions if not q.unanswerable]
    preparer = QueryPreparer(
        load_spacy(settings.spacy_model),
        load_embeddings(settings.embedding_model, settings.embedding_provider),
    )
    queries = prepare_questions(preparer, questions)
    presets = parse_presets(modes)
    config = settings.neo4j()
    async with open_driver(config) as driver:
        stored = await list_scopes(driver, config.database)
        asked = [
            (prefix + q.conversation_id, query) for q, query in zip(questions, queries, strict=True)
        ]
        missing = sorted({scope for scope, _ in asked} - set(stored))
        if missing:
            raise IngestError(
                f"scopes {missing} hold nothing: run `hippograph eval locomo {path}` first"
            )
        with Progress(*COLUMNS, console=console) as progress:
            task = progress.add_task("recalls", total=len(asked) * len(presets))
            return await measure_latency(
                driver, config.database, asked, presets, k, advance=lambda: progress.advance(task)
            )


def bench_recall(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a LoCoMo file")],
    modes: Annotated[str, typer.Option(help="comma-separated presets")] = "associative,hybrid",
    k: Annotated[int, typer.Option(min=1, max=MAX_K)] = 10,
    prefix: Annotated[str, typer.Option(help="scope prefix of the ingested file")] = "eval-",
) -> None:
    """Recall latency per mode over every question of PATH: one client, warm projections."""
    with reported():
        results = asyncio.run(_latency(ctx.obj, path, modes, k, prefix))
    table = Table(title=f"Recall latency, k = {k}, one client (ms)")
    for column in ("mode", "recalls", "p50", "p95", "p99", "max"):
        table.add_column(column, justify="left" if column == "mode" else "right")
    for r in results:
        table.add_row(
            r.preset, str(r.recalls), f"{r.p50_ms:.1f}", f"{r.p95_ms:.1f}", f"{r.p99_ms:.1f}",
            f"{r.max_ms:.1f}",
        )  # fmt: skip
    console.print(table)


async def _scaling(
    settings: Settings, scales: tuple[int, ...], prefix: str
) -> tuple[list[str], list[ScaleRun]]:
    config = settings.neo4j()
    async with open_driver(config) as driver:
        sources = [s for s in await list_scopes(driver, config.database) if s.startswith(prefix)]
        if not sources:
            raise IngestError(f"no scope starts with {prefix!r}: ingest the dev split first")
        runs = []
        with Progress(TextColumn("{task.description}"), console=console) as progress:
            task = progress.add_task("")
            for scale in scales:

                def step(text: str, scale: int = scale) -> None:
                    progress.update(task, description=f"{scale}×: {text}")

                runs.append(
                    await measure_scale(
                        driver, config.database, sources, scale, f"bench-scale-{scale}x", step
                    )
                )
        return sources, runs


def bench_scenes(
    ctx: typer.Context,
    scales: Annotated[str, typer.Option(help="copies of the source scopes")] = "1,4,16",
    prefix: Annotated[str, typer.Option(help="source scopes: those with this prefix")] = "eval-",
) -> None:
    """Time projection refresh and scene building on 1×, 4×, 16× the source scopes' graph."""
    with reported():
        sources, runs = asyncio.run(_scaling(ctx.obj, parse_numbers(scales, "--scales"), prefix))
    table = Table(title=f"Scaling: copies of {', '.join(sources)} in one scope")
    for column in (
        "scale",
        "EDUs",
        "nodes",
        "rels",
        "copy s",
        "refresh s",
        "scenes build s",
        "scenes",
    ):
        table.add_column(column, justify="right")
    for r in runs:
        table.add_row(
            f"{r.scale}×", str(r.edus), str(r.nodes), str(r.relationships), f"{r.copy_seconds:.1f}",
            f"{r.refresh_seconds:.2f}", f"{r.scenes_seconds:.2f}", str(r.scenes),
        )  # fmt: skip
    console.print(table)
