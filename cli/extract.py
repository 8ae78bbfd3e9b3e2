"""`hippograph extract`: sessions → EDUs, without a database."""

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, TextColumn, TimeRemainingColumn

from hippograph.api.settings import Settings
from hippograph.api.wiring import ExtractorKind, build_extractor
from hippograph.cli.console import console, counting_progress, errors, reported
from hippograph.graph.model import EDU, Scope
from hippograph.ingest.entities import normalize_entities
from hippograph.ingest.formats import InputFormat, load


def turn_progress() -> Progress:
    """A bar of turns with a free-text rate column (extraction and its benchmark)."""
    return counting_progress(TextColumn("{task.fields[rate]}"), TimeRemainingColumn())


def extract(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    input_format: Annotated[InputFormat, typer.Option("--format")] = InputFormat.LOCOMO,
    extractor_kind: Annotated[ExtractorKind, typer.Option("--extractor")] = ExtractorKind.OFFLINE,
    out: Annotated[Path | None, typer.Option(help="write EDUs as JSON Lines here")] = None,
) -> None:
    """Split the sessions of PATH into EDUs (no database needed) and summarize them."""
    settings: Settings = ctx.obj
    with reported():
        loaded = load(path, input_format)
        extractor = build_extractor(settings, extractor_kind)
    edus: list[EDU] = []
    entities, warnings, dropped = 0, list(loaded.skipped), 0
    with turn_progress() as progress:
        task = progress.add_task("turns", total=loaded.turn_count, rate="")
        for conversation in loaded.conversations:
            scope = Scope(id=conversation.id)
            found = []
            for session in conversation.sessions:
                extraction = extractor.extract(scope, session)
                found.extend(extraction.edus)
                warnings.extend(extraction.warnings)
                dropped += len(extraction.dropped_turn_ids)
                progress.update(
                    task, advance=len(session.turns), rate=f"{len(edus) + len(found)} EDUs"
                )
            normalized, scope_entities = normalize_entities(scope.id, found)
            edus.extend(normalized)
            entities += len(scope_entities)
    if out is not None:
        with out.open("w", encoding="utf-8") as sink:
            for edu in edus:
                sink.write(edu.model_dump_json() + "\n")
    for warning in warnings:
        errors.print(f"[yellow]warning:[/yellow] {warning}")
    console.print(
        f"{loaded.session_count} sessions, {loaded.turn_count} turns → {len(edus)} EDUs, "
        f"{entities} entities; {dropped} turns held only pleasantries"
        + (f"; written to {out}" if out else "")
    )


COMMANDS = {"extract": extract}
