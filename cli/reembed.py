"""`hippograph reembed --scope S`: a scope's vectors made again by the configured model."""

import asyncio
from collections.abc import Sequence
from typing import Annotated

import typer
from langchain_core.embeddings import Embeddings
from neo4j import AsyncDriver
from rich.progress import TaskID, TextColumn, TimeElapsedColumn

from hippograph.api.settings import Settings
from hippograph.api.wiring import embedding_record, embeddings
from hippograph.cli.console import console, counting_progress, reported
from hippograph.graph.connection import open_driver
from hippograph.graph.embedding import scope_embedding
from hippograph.graph.schema import apply_schema
from hippograph.ingest.reembed import ReembedProgress, ReembedReport, reembed


async def reembed_with_progress(
    settings: Settings, driver: AsyncDriver, embedder: Embeddings, scopes: Sequence[str]
) -> list[ReembedReport]:
    """Re-embed each scope with ``embedder``, with a progress bar of its EDUs."""
    record = embedding_record(settings, embedder)
    database = settings.neo4j_database
    await apply_schema(driver, database, settings.embedding_dimensions)
    reports = []
    with counting_progress(TextColumn("{task.fields[detail]}"), TimeElapsedColumn()) as progress:
        for scope in scopes:
            task = progress.add_task(f"re-embedding {scope}: EDUs", total=None, detail="")

            def told(step: ReembedProgress, task: TaskID = task) -> None:
                detail = f"{step.entities} entities" if step.entities else ""
                progress.update(task, completed=step.edus, total=step.edus_total, detail=detail)

            reports.append(await reembed(driver, database, scope, embedder, record, told))
    return reports


async def reembed_stale(
    settings: Settings, driver: AsyncDriver, embedder: Embeddings, scopes: Sequence[str]
) -> list[ReembedReport]:
    """Re-embed those of ``scopes`` that hold EDUs another model embedded (the sample after the
    default model changed, an evaluation's scopes measured with another model)."""
    record = embedding_record(settings, embedder)
    stale = []
    for scope in scopes:
        stored = await scope_embedding(driver, settings.neo4j_database, scope, record.name)
        if stored.edus and (stored.stale or stored.pending or stored.record != record):
            stale.append(scope)
    if stale:
        console.print(f"Re-embedding {', '.join(stale)} with {record.name}")
    return await reembed_with_progress(settings, driver, embedder, stale) if stale else []


async def _reembed(settings: Settings, scopes: Sequence[str]) -> list[ReembedReport]:
    async with open_driver(settings.neo4j()) as driver:
        return await reembed_with_progress(settings, driver, embeddings(settings), scopes)


def reembed_scopes(
    ctx: typer.Context,
    scope: Annotated[list[str], typer.Option(help="the scope to re-embed (repeat for several)")],
) -> None:
    """Re-embed scopes with the configured embedding model (HIPPOGRAPH_EMBEDDING_MODEL) and
    record it. Resumable: run it again after an interruption; a finished scope is left alone."""
    with reported():
        reports = asyncio.run(_reembed(ctx.obj, scope))
    for report in reports:
        if not report.changed:
            console.print(f"{report.scope}: already embedded with {report.model}; nothing to do.")
            continue
        console.print(
            f"{report.scope}: {report.edus} EDUs and {report.entities} entities re-embedded "
            f"with {report.model} (was {report.previous or 'not recorded'}) in "
            f"{report.seconds:.1f} s."
        )


COMMANDS = {"reembed": reembed_scopes}
