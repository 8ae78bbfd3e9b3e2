"""`hippograph eval locomo|longmemeval PATH`: recall of our modes and turn baselines, measured."""

import asyncio
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from neo4j import AsyncDriver
from rich.markdown import Markdown
from rich.progress import TimeElapsedColumn

from hippograph.api.settings import Settings
from hippograph.api.wiring import ExtractorKind, open_pipeline, parallel_extraction, query_preparer
from hippograph.cli.change_pairs import change_pairs_command
from hippograph.cli.console import console, counting_progress, figures, reported
from hippograph.cli.ingest import ingest_with_progress
from hippograph.cli.options import parse_numbers, parse_presets
from hippograph.cli.reembed import reembed_stale
from hippograph.cli.supersession import supersession_command
from hippograph.evaluation.baselines import TurnBaselines
from hippograph.evaluation.harness import (
    EvalConfig,
    build_what_modes_need,
    prepare_questions,
    run_baselines,
    run_edu_modes,
)
from hippograph.evaluation.leave_one_out import leave_one_out
from hippograph.evaluation.parity import edu_parity
from hippograph.evaluation.report import EvalReport, write
from hippograph.graph.gds.projection import refresh_projection
from hippograph.graph.model import Scope
from hippograph.graph.recall.presets import PRESETS
from hippograph.graph.store import list_scopes
from hippograph.ingest.formats import Source
from hippograph.ingest.formats.locomo import load_locomo_questions
from hippograph.ingest.formats.longmemeval import load_longmemeval_questions
from hippograph.ingest.formats.questions import QuestionSet
from hippograph.ingest.pipeline import IngestPipeline, IngestReport
from hippograph.ingest.records import turn_by_turn

NAME = "eval"
app = typer.Typer(
    help="Measure recall against benchmark evidence, beside plain RAG over turns.",
    no_args_is_help=True,
)


async def ingest_benchmark(
    settings: Settings,
    driver: AsyncDriver,
    pipeline: IngestPipeline,
    found: QuestionSet,
    prefix: str,
) -> tuple[IngestReport, float]:
    """A benchmark's conversations in ``prefix``* scopes (unchanged sessions reused, scopes
    another model embedded re-embedded first), and the seconds it took."""
    console.print(f"Ingesting into {prefix}* scopes (unchanged sessions are reused)")
    await reembed_stale(
        settings, driver, pipeline.embeddings, [prefix + c.id for c in found.loaded.conversations]
    )
    started = time.perf_counter()
    ingested = await ingest_with_progress(pipeline, Source.of(found.loaded), None, prefix)
    seconds = time.perf_counter() - started
    console.print(
        f"{ingested.sessions_written} sessions ingested, "
        f"{ingested.sessions_unchanged} reused unchanged ({seconds:.1f} s)"
    )
    return ingested, seconds


async def append_benchmark(
    driver: AsyncDriver, pipeline: IngestPipeline, found: QuestionSet, prefix: str
) -> tuple[IngestReport, float]:
    """A benchmark's conversations in ``prefix``* scopes as a live agent stores them: each turn
    its own append (turns stored already are skipped, so an interrupted run resumes); then each
    scope's projection catches up, as the API server's background refresh would."""
    console.print(f"Appending turn by turn into {prefix}* scopes")
    conversations = found.loaded.conversations
    report = IngestReport()
    started = time.perf_counter()
    with counting_progress(TimeElapsedColumn()) as progress:
        total = sum(len(s.turns) for c in conversations for s in c.sessions)
        task = progress.add_task("turns", total=total)
        for conversation in conversations:
            scope = Scope(id=prefix + conversation.id)
            for record in turn_by_turn(conversation):
                outcome = await pipeline.append(scope, record)
                report.turns += outcome.stored
                report.edus += outcome.edus
                progress.advance(task)
            await refresh_projection(driver, pipeline.database, scope.id, rewritten=False)
    seconds = time.perf_counter() - started
    console.print(f"{report.turns} turns appended, {report.edus} EDUs ({seconds:.1f} s)")
    return report, seconds


async def report_parity(
    driver: AsyncDriver, database: str, found: QuestionSet, prefix: str, out: Path
) -> None:
    """Per conversation, the share of its whole ingest's EDUs (``eval-`` scopes, when stored)
    that the appends stored alike; the table and every difference in ``out``/parity.md."""
    stored = await list_scopes(driver, database)
    table = figures("Turn by turn against whole", ["conversation"], ["EDUs", "identical", "%"])
    lines = ["# Turn by turn against whole", ""]
    for conversation in found.loaded.conversations:
        whole = EvalConfig.scope_prefix + conversation.id
        if whole not in stored:
            console.print(f"note: {whole} is not stored; run `hippograph eval` without --append")
            continue
        parity = await edu_parity(driver, database, whole, prefix + conversation.id)
        table.add_row(conversation.id, str(parity.whole), str(parity.same), f"{parity.share:.1%}")
        lines += [f"## {conversation.id}: {parity.same}/{parity.whole} ({parity.share:.1%})", ""]
        lines += [f"- whole: {turn}: {text}" for turn, text in parity.whole_only]
        lines += [f"- appended: {turn}: {text}" for turn, text in parity.appended_only]
        lines.append("")
    console.print(table)
    out.mkdir(parents=True, exist_ok=True)
    (out / "parity.md").write_text("\n".join(lines), encoding="utf-8")


async def _build_scenes(
    settings: Settings, driver: AsyncDriver, scopes: list[str], config: EvalConfig
) -> None:
    """Scenes of every scope, where a mode spreads through them."""
    with console.status("Building scenes") as status:
        built = await build_what_modes_need(
            driver,
            settings.neo4j(),
            scopes,
            config.presets,
            lambda scope: status.update(f"Building scenes of {scope}"),
        )
    if built:
        console.print(f"Scenes built for {len(scopes)} scopes (a mode spreads through them)")


async def _store(
    settings: Settings,
    driver: AsyncDriver,
    pipeline: IngestPipeline,
    found: QuestionSet,
    prefix: str,
    append: bool,
    out: Path,
) -> tuple[IngestReport, float]:
    """The benchmark stored whole, or turn by turn (``append``) and compared with whole."""
    if not append:
        return await ingest_benchmark(settings, driver, pipeline, found, prefix)
    appended = await append_benchmark(driver, pipeline, found, prefix)
    await report_parity(driver, pipeline.database, found, prefix, out)
    return appended


async def _evaluate(
    settings: Settings,
    dataset: str,
    found: QuestionSet,
    config: EvalConfig,
    append: bool,
    out: Path,
) -> EvalReport:
    questions = [q for q in found.questions if not q.unanswerable]
    with parallel_extraction(settings, ExtractorKind.OFFLINE) as extraction:
        async with open_pipeline(settings, extraction) as (driver, pipeline):
            ingested, ingest_seconds = await _store(
                settings, driver, pipeline, found, config.scope_prefix, append, out
            )
            scopes = sorted({config.scope_prefix + q.conversation_id for q in questions})
            await _build_scenes(settings, driver, scopes, config)
            started = time.perf_counter()
            preparer = query_preparer(settings, embedder=pipeline.embeddings)
            queries = prepare_questions(preparer, questions)
            prepare_ms = (time.perf_counter() - started) * 1000 / max(1, len(questions))

            console.print("Indexing raw turns for the baselines")
            baselines = [TurnBaselines(pipeline.embeddings, context) for context in (False, True)]
            for baseline in baselines:
                baseline.build(found.loaded.conversations)
            with counting_progress(TimeElapsedColumn()) as progress:
                total = len(questions) * (len(config.presets) + len(baselines))
                task = progress.add_task("questions × systems", total=total)

                def advance() -> None:
                    progress.advance(task)

                runs = await run_edu_modes(
                    driver,
                    pipeline.database,
                    questions,
                    queries,
                    config,
                    ingest_seconds,
                    advance,
                )
                vectors = [q.embedding for q in queries]
                for baseline in baselines:
                    runs += run_baselines(baseline, questions, vectors, advance)
    return EvalReport(
        dataset=dataset,
        questions=questions,
        quirks=found.quirks,
        runs=runs,
        ks=config.ks,
        budgets=config.budgets,
        prepare_ms=prepare_ms,
        depth=config.depth,
        ingest_note=f"{ingested.sessions_written} sessions ingested, "
        f"{ingested.sessions_unchanged} reused unchanged",
    )


ALL_MODES = ",".join(PRESETS)
APPEND_PREFIX = "eval-append-"
Modes = Annotated[str, typer.Option(help=f"comma-separated, from: {', '.join(PRESETS)}")]
Ks = Annotated[str, typer.Option("--k", help="turn cut-offs, comma-separated")]
Budgets = Annotated[str, typer.Option(help="context budgets in tokens, comma-separated")]
Out = Annotated[Path, typer.Option(help="folder for recall.md, recall.json and recall.png")]
DataFile = Annotated[Path, typer.Argument(exists=True, dir_okay=False)]


def _run(
    ctx: typer.Context,
    dataset: str,
    found: QuestionSet,
    modes: str,
    k: str,
    budgets: str,
    out: Path,
    append: bool,
) -> None:
    config = EvalConfig(
        presets=parse_presets(modes),
        ks=parse_numbers(k, "--k"),
        budgets=parse_numbers(budgets, "--budgets"),
        scope_prefix=APPEND_PREFIX if append else EvalConfig.scope_prefix,
    )
    with reported():
        report = asyncio.run(_evaluate(ctx.obj, dataset, found, config, append, out))
    paths = write(report, out)
    console.print(Markdown(paths["markdown"].read_text(encoding="utf-8")))
    console.print("Written: " + ", ".join(str(p) for p in paths.values()))


def _command(name: str, load: Callable[[Path], QuestionSet], left_out: str) -> None:
    def command(
        ctx: typer.Context,
        path: DataFile,
        modes: Modes = ALL_MODES,
        k: Ks = "5,10,20",
        budgets: Budgets = "200,500,1000",
        out: Out = Path(f"eval-results/{name}"),
        append: Annotated[
            bool,
            typer.Option(
                help=f"store each turn as its own append, as a live agent does, in "
                f"{APPEND_PREFIX}* scopes"
            ),
        ] = False,
    ) -> None:
        with reported():
            found = load(path)
        _run(ctx, path.name, found, modes, k, budgets, out, append)

    command.__doc__ = f"Evaluate recall on a {name} file ({left_out} are left out)."
    app.command(name)(command)


_command("locomo", load_locomo_questions, "adversarial questions, category 5,")
_command("longmemeval", load_longmemeval_questions, "abstention questions")


@app.command("leave-one-out")
def leave_one_out_command(
    results: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a recall.json")],
    family: Annotated[
        str, typer.Option(help="comma-separated presets differing in one parameter, shipped first")
    ],
    k: Annotated[int, typer.Option(min=1)] = 10,
) -> None:
    """Choose among FAMILY on all conversations but one, measure on that one, for each."""
    names = [name.strip() for name in family.split(",") if name.strip()]
    with reported():
        found = leave_one_out(json.loads(results.read_text(encoding="utf-8")), names, k)
    table = figures(
        f"Leave one conversation out: R@{k} (%)", ["held out", "chosen on the others"],
        ["questions", f"held-out R@{k}"],
    )  # fmt: skip
    for fold in found.folds:
        table.add_row(fold.conversation, fold.chosen, str(fold.questions), f"{fold.held_out:.1f}")
    console.print(table)
    console.print(f"Held-out R@{k} over every question: {found.overall:.1f}")
    for name, value in found.whole_split.items():
        console.print(f"Whole split, {name}: {value:.1f}")


app.command("supersession")(supersession_command)
app.command("change-pairs")(change_pairs_command)
