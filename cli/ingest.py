"""`hippograph ingest`, `stats`, `delete` and `export`: the graph's contents, in and out."""

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from hippograph.api.settings import Settings
from hippograph.api.wiring import ExtractorKind, open_pipeline, parallel_extraction
from hippograph.cli.console import console, counting_progress, errors, figures, reported
from hippograph.cli.reembed import reembed_stale
from hippograph.graph.connection import open_driver, unreachable
from hippograph.graph.errors import DatabaseUnavailableError
from hippograph.graph.model import OnConflict
from hippograph.graph.store import counts, delete_scope, delete_session
from hippograph.ingest.formats import InputFormat, Source, open_source
from hippograph.ingest.formats.jsonl import ExportReport, export_jsonl
from hippograph.ingest.pipeline import IngestPipeline, IngestReport, Progress


async def ingest_file(
    settings: Settings,
    path: Path,
    input_format: InputFormat,
    scope: str | None,
    kind: ExtractorKind,
    scope_prefix: str = "",
    on_conflict: OnConflict = OnConflict.REPLACE,
    reembed: bool = False,
) -> IngestReport:
    """Store the sessions of ``path`` with a progress bar (``hippograph ingest``, ``up``, bench);
    with ``reembed``, ``scope`` is first re-embedded if another model embedded it (``up`` does
    this for the sample when the default model changes)."""
    source = open_source(path, input_format)
    with parallel_extraction(settings, kind) as extraction:
        async with open_pipeline(settings, extraction) as (driver, pipeline):
            if reembed and scope:
                await reembed_stale(settings, driver, pipeline.embeddings, [scope])
            return await ingest_with_progress(pipeline, source, scope, scope_prefix, on_conflict)


async def ingest_with_progress(
    pipeline: IngestPipeline,
    source: Source,
    scope: str | None,
    scope_prefix: str,
    on_conflict: OnConflict = OnConflict.REPLACE,
) -> IngestReport:
    """Run the pipeline over ``source`` with a progress bar of sessions, turns and EDUs."""
    columns = (TextColumn("{task.fields[detail]}"), TimeElapsedColumn(), TimeRemainingColumn())
    with counting_progress(*columns) as progress:
        task = progress.add_task("sessions", total=source.session_count, detail="")
        done = {"turns": 0, "edus": 0}

        def advance(step: Progress) -> None:
            if step.error:
                errors.print(f"[yellow]refused:[/yellow] {escape(step.error)}")
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

        try:
            report = await pipeline.ingest(
                source.conversations(), scope, advance, scope_prefix, on_conflict
            )
        except Exception as error:
            if not unreachable(error):
                raise
            stored = int(progress.tasks[task].completed)
            raise DatabaseUnavailableError(
                f"Neo4j became unreachable after {stored} of {source.session_count} sessions "
                f"were stored ({error}); they are kept whole: run the same command again to "
                "store the rest (stored sessions are skipped)"
            ) from error
        report.warnings[:0] = source.skipped
        return report


def ingest(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    input_format: Annotated[InputFormat, typer.Option("--format")] = InputFormat.LOCOMO,
    scope: Annotated[str | None, typer.Option(help="store everything in this scope")] = None,
    extractor_kind: Annotated[ExtractorKind, typer.Option("--extractor")] = ExtractorKind.OFFLINE,
    on_conflict: Annotated[
        OnConflict,
        typer.Option(help="when a scope holds a session's (conversation, id) with other content"),
    ] = OnConflict.REPLACE,
) -> None:
    """Load PATH, extract EDUs, embed them and store them in Neo4j (idempotent).

    Without --scope each conversation goes into a scope named after it; the summary names
    every scope written to."""
    settings: Settings = ctx.obj
    try:
        with reported():
            report = asyncio.run(
                ingest_file(settings, path, input_format, scope, extractor_kind, "", on_conflict)
            )
    except KeyboardInterrupt:
        console.print(
            "[yellow]Interrupted.[/yellow] Every session stored so far is complete; run the "
            "same command again to store the rest."
        )
        raise typer.Exit(130) from None
    for warning in report.warnings:
        console.print(f"[yellow]note:[/yellow] {warning}")
    timing = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in report.seconds.items())
    console.print(summary(report) + f" Time: {timing}.")
    if scope is None and report.scopes:
        console.print(
            "note: without --scope each conversation is stored in a scope named after it "
            f"({', '.join(report.scopes)}); pass --scope S to store the file in scope S"
        )
    if report.sessions_refused:
        raise typer.Exit(1)


def summary(report: IngestReport) -> str:
    """What an ingest stored, replaced, skipped and refused, and into which scopes."""
    into = ", ".join(f"{scope} ({n})" for scope, n in report.scopes.items())
    kept = [
        f"{report.sessions_replaced} replaced sessions stored with other content",
        f"{report.sessions_unchanged} unchanged sessions skipped",
        f"{report.sessions_skipped} sessions with other content kept (--on-conflict skip)",
        f"{report.sessions_refused} refused (--on-conflict fail)",
    ]
    where = f" into scope{'s' if len(report.scopes) > 1 else ''} {into}" if into else ""
    stored = (
        f"Stored {report.sessions_written} sessions ({report.turns} turns, {report.edus} EDUs, "
        f"{report.entities} new entities, {report.similar_pairs} SIMILAR_TO pairs, "
        f"{report.superseded} earlier statements superseded){where}"
    )
    return "; ".join([stored, *(k for k in kept if not k.startswith("0 "))]) + "."


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
    table = figures(
        f"hippograph: {'scope ' + scope if scope else 'all scopes'}", ["kind", "name"], ["count"]
    )
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


async def _export(settings: Settings, scope: str, out: Path) -> ExportReport:
    config = settings.neo4j()
    async with open_driver(config) as driver:
        # Written beside the target first: a failed export never leaves half a file.
        partial = out.with_name(out.name + ".partial")
        with partial.open("w", encoding="utf-8") as lines:
            report = await export_jsonl(driver, config.database, scope, lines)
        partial.replace(out)
        return report


def export(
    ctx: typer.Context,
    scope: Annotated[str, typer.Option(help="the scope to export")],
    out: Annotated[Path, typer.Option(dir_okay=False, help="the JSONL file to write")],
) -> None:
    """Write a scope's sessions as hippograph JSONL: `hippograph ingest FILE --scope S` imports
    them again (EDUs, entities and scenes are derived anew)."""
    with reported():
        report = asyncio.run(_export(ctx.obj, scope, out))
    console.print(f"Exported {report.sessions} sessions ({report.turns} turns) of {scope}: {out}")


COMMANDS = {"ingest": ingest, "stats": stats, "delete": delete, "export": export}
