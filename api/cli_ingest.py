"""`hippograph ingest`, `hippograph stats` and `hippograph delete`: the graph's contents."""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from langchain_core.embeddings import Embeddings
from neo4j import AsyncDriver
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from api.cli_extract import ExtractorKind, bench_app, build_extractor
from api.console import console, reported
from api.settings import Settings
from graph.connection import open_driver
from graph.errors import HippographError
from graph.schema import apply_schema, vector_dimensions
from graph.store import counts, delete_scope, delete_session
from ingest.embeddings import load_embeddings
from ingest.extract.offline import offline_extractor
from ingest.loaders import InputFormat, Source, open_source
from ingest.parallel import ParallelExtraction
from ingest.pipeline import IngestPipeline, IngestReport
from ingest.pipeline import Progress as Step


class EmbeddingMismatchError(HippographError):
    """The embedding model's dimensions differ from the database's vector index."""


async def _ingest(
    settings: Settings,
    path: Path,
    input_format: InputFormat,
    scope: str | None,
    kind: ExtractorKind,
    scope_prefix: str = "",
) -> IngestReport:
    source = open_source(path, input_format)
    with parallel_extraction(settings, kind) as extraction:
        return await _store(settings, source, scope, extraction, scope_prefix)


def parallel_extraction(settings: Settings, kind: ExtractorKind) -> ParallelExtraction:
    extractor = build_extractor(settings, kind)
    # Offline extraction is CPU-bound: worker processes on every core (they load spaCy while
    # this process loads the embedding model). The LLM extractor waits on the network.
    factory = (
        partial(offline_extractor, settings.spacy_model) if kind is ExtractorKind.OFFLINE else None
    )
    return ParallelExtraction(extractor, factory)


async def checked_pipeline(
    settings: Settings,
    driver: AsyncDriver,
    extraction: ParallelExtraction,
    embeddings: Embeddings,
) -> IngestPipeline:
    """A pipeline on a database whose schema is applied and whose vector index matches the
    embedding model."""
    dimensions = len(embeddings.embed_query("dimension probe"))
    database = settings.neo4j_database
    await apply_schema(driver, database, settings.embedding_dimensions)
    indexed = await vector_dimensions(driver, database)
    if indexed != dimensions:
        raise EmbeddingMismatchError(
            f"the embedding model gives {dimensions} dimensions but the database's vector "
            f"index has {indexed}; set HIPPOGRAPH_EMBEDDING_DIMENSIONS={dimensions} for a new "
            "database, or use the model the database was built with"
        )
    return IngestPipeline(driver, database, extraction, embeddings, settings.embedding_model)


@asynccontextmanager
async def open_pipeline(
    settings: Settings, extraction: ParallelExtraction
) -> AsyncIterator[tuple[AsyncDriver, IngestPipeline]]:
    """A driver and a checked pipeline."""
    embeddings = load_embeddings(settings.embedding_model, settings.embedding_provider)
    async with open_driver(settings.neo4j()) as driver:
        yield driver, await checked_pipeline(settings, driver, extraction, embeddings)


async def ingest_with_progress(
    pipeline: IngestPipeline, source: Source, scope: str | None, scope_prefix: str
) -> IngestReport:
    """Run the pipeline over ``source`` with a progress bar of sessions, turns and EDUs."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[detail]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("sessions", total=source.session_count, detail="")
        done = {"turns": 0, "edus": 0}

        def advance(step: Step) -> None:
            done["turns"] += step.turns
            done["edus"] += step.edus
            elapsed = progress.tasks[task].elapsed or 1e-9
            progress.update(
                task,
                advance=step.sessions,
                detail=(
                    f"{done['turns']} turns, {done['edus']} EDUs, "
                    f"{done['turns'] / elapsed:.0f} turns/s"
                ),
            )

        report = await pipeline.ingest(source.conversations(), scope, advance, scope_prefix)
        report.warnings[:0] = source.skipped
        return report


async def _store(
    settings: Settings,
    source: Source,
    scope: str | None,
    extraction: ParallelExtraction,
    scope_prefix: str,
) -> IngestReport:
    async with open_pipeline(settings, extraction) as (_, pipeline):
        return await ingest_with_progress(pipeline, source, scope, scope_prefix)


def ingest(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    input_format: Annotated[InputFormat, typer.Option("--format")] = InputFormat.LOCOMO,
    scope: Annotated[str | None, typer.Option(help="store everything in this scope")] = None,
    extractor_kind: Annotated[ExtractorKind, typer.Option("--extractor")] = ExtractorKind.OFFLINE,
) -> None:
    """Load PATH, extract EDUs, embed them and store them in Neo4j (idempotent)."""
    settings: Settings = ctx.obj
    try:
        with reported():
            report = asyncio.run(_ingest(settings, path, input_format, scope, extractor_kind))
    except KeyboardInterrupt:
        console.print(
            "[yellow]Interrupted.[/yellow] Every session stored so far is complete; run the "
            "same command again to store the rest."
        )
        raise typer.Exit(130) from None
    for warning in report.warnings:
        console.print(f"[yellow]note:[/yellow] {warning}")
    timing = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in report.seconds.items())
    console.print(
        f"Stored {report.sessions_written} sessions ({report.turns} turns, {report.edus} EDUs, "
        f"{report.entities} new entities, {report.similar_pairs} SIMILAR_TO pairs); "
        f"{report.sessions_unchanged} unchanged sessions skipped. Time: {timing}."
    )


async def _counts(settings: Settings, scope: str | None) -> dict[str, dict[str, int]]:
    config = settings.neo4j()
    async with open_driver(config) as driver:
        return await counts(driver, config.database, scope)


def stats(
    ctx: typer.Context,
    scope: Annotated[str | None, typer.Option(help="only this scope")] = None,
) -> None:
    """Count nodes per label and relationships per type."""
    with reported():
        found = asyncio.run(_counts(ctx.obj, scope))
    table = Table(title=f"hippograph: {'scope ' + scope if scope else 'all scopes'}")
    table.add_column("kind")
    table.add_column("name")
    table.add_column("count", justify="right")
    for kind, rows in found.items():
        for name, count in sorted(rows.items()):
            table.add_row(kind, name, str(count))
    console.print(table)


async def _delete(settings: Settings, scope: str, session: str | None) -> bool:
    config = settings.neo4j()
    async with open_driver(config) as driver:
        if session is None:
            await delete_scope(driver, config.database, scope)
            return True
        return await delete_session(driver, config.database, scope, session)


def delete(
    ctx: typer.Context,
    scope: Annotated[str, typer.Option(help="the scope to delete from")],
    session: Annotated[str | None, typer.Option(help="only this session id")] = None,
) -> None:
    """Delete a whole scope, or one session of it, and what belonged only to it."""
    with reported():
        found = asyncio.run(_delete(ctx.obj, scope, session))
    if not found:
        console.print(f"No session {session!r} in scope {scope!r}; nothing deleted.")
        raise typer.Exit(1)
    console.print(f"Deleted {'session ' + session + ' of ' if session else ''}scope {scope}.")


BENCH_PREFIX = "bench-"


async def _delete_scopes(settings: Settings, scopes: list[str]) -> None:
    config = settings.neo4j()
    async with open_driver(config) as driver:
        for scope in scopes:
            await delete_scope(driver, config.database, scope)


@bench_app.command("ingest")
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
            _ingest(settings, path, input_format, None, ExtractorKind.OFFLINE, BENCH_PREFIX)
        )
        wall = time.perf_counter() - started
        if not keep:
            asyncio.run(_delete_scopes(settings, scopes))
    table = Table(
        title=f"Ingest benchmark: {path.name} ({report.sessions_written} sessions, "
        f"{report.turns} turns, {report.edus} EDUs)"
    )
    table.add_column("stage")
    table.add_column("seconds", justify="right")
    table.add_column("turns/s", justify="right")
    for stage, seconds in report.seconds.items():
        table.add_row(stage, f"{seconds:.1f}", f"{report.turns / seconds:.0f}" if seconds else "-")
    other = wall - sum(report.seconds.values())
    table.add_row("start-up and the rest", f"{other:.1f}", "")
    table.add_row("total (wall clock)", f"{wall:.1f}", f"{report.turns / wall:.0f}")
    console.print(table)
