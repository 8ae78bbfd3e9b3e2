"""`hippograph extract` and `hippograph bench extract`: sessions → EDUs, and how well."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from spacy.language import Language

from api.console import console, errors, reported
from api.settings import Settings
from graph.model import EDU, Scope
from ingest.bench import bench_extract
from ingest.chat_models import chat_model
from ingest.entities import normalize_entities
from ingest.errors import ModelNotInstalledError
from ingest.extract.base import Extractor
from ingest.extract.llm import LLMExtractor
from ingest.extract.offline import OfflineExtractor
from ingest.loaders import InputFormat, load
from ingest.nlp import load_spacy

bench_app = typer.Typer(help="Benchmarks (speed and quality figures).", no_args_is_help=True)


class ExtractorKind(StrEnum):
    OFFLINE = "offline"
    LLM = "llm"


def build_extractor(
    settings: Settings, kind: ExtractorKind, nlp: Language | None = None
) -> Extractor:
    nlp = nlp or load_spacy(settings.spacy_model)
    offline = OfflineExtractor(nlp)
    if kind is ExtractorKind.OFFLINE:
        return offline
    if not settings.llm_provider or not settings.llm_model:
        raise ModelNotInstalledError(
            "the llm extractor needs HIPPOGRAPH_LLM_PROVIDER and HIPPOGRAPH_LLM_MODEL"
        )
    model = chat_model(settings.llm_provider, settings.llm_model)
    return LLMExtractor(model, nlp, offline, model_name=settings.llm_model)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=console,
    )


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
    with _progress() as progress:
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


@bench_app.command("extract")
def bench_extract_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a LoCoMo file")],
    extractor_kind: Annotated[ExtractorKind, typer.Option("--extractor")] = ExtractorKind.OFFLINE,
) -> None:
    """Time extraction of a LoCoMo file and measure evidence coverage and speaker grounding."""
    settings: Settings = ctx.obj
    with reported():
        extractor = build_extractor(settings, extractor_kind)
        with _progress() as progress:
            task = progress.add_task("turns", total=None, rate="")
            report = bench_extract(path, extractor, lambda n: progress.advance(task, n))
    table = Table(title=f"Extraction benchmark: {path.name} ({extractor.name} {extractor.version})")
    table.add_column("measure")
    table.add_column("value", justify="right")
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
