"""`hippograph ranker train PATH`: the learned ranking of associative recall, retrained.

The benchmark's conversations are ingested into the evaluation's scopes (reused when
unchanged), every answerable question is recalled as associative recall gathers it, and a model
is trained on them (evaluation/ranking.py). Before it is written, the command reports what it is
worth on conversations it was not trained on: leave-one-conversation-out, per conversation and
per category, and with each feature group left out.
"""

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import TimeElapsedColumn

from hippograph.api.settings import Settings
from hippograph.api.wiring import ExtractorKind, open_pipeline, parallel_extraction, query_preparer
from hippograph.cli.console import console, counting_progress, figures, reported
from hippograph.cli.evaluate import DataFile, ingest_benchmark
from hippograph.evaluation.harness import EvalConfig, prepare_questions
from hippograph.evaluation.ranking import (
    HeldOut,
    K,
    RankedQuestion,
    collect,
    leave_one_out,
    model_text,
    train,
)
from hippograph.graph.recall.features import FEATURE_GROUPS
from hippograph.graph.recall.presets import ASSOCIATIVE
from hippograph.ingest.formats.locomo import load_locomo_questions
from hippograph.ingest.formats.questions import QuestionSet

NAME = "ranker"
app = typer.Typer(help="The learned ranking of associative recall.", no_args_is_help=True)


async def _collect(settings: Settings, found: QuestionSet) -> list[RankedQuestion]:
    questions = [q for q in found.questions if not q.unanswerable]
    prefix = EvalConfig(presets=(ASSOCIATIVE,)).scope_prefix
    with parallel_extraction(settings, ExtractorKind.OFFLINE) as extraction:
        async with open_pipeline(settings, extraction) as (driver, pipeline):
            await ingest_benchmark(settings, driver, pipeline, found, prefix)
            preparer = query_preparer(settings, embedder=pipeline.embeddings)
            queries = prepare_questions(preparer, questions)
            with counting_progress(TimeElapsedColumn()) as progress:
                task = progress.add_task("questions", total=len(questions))
                return await collect(
                    driver, pipeline.database, questions, queries, prefix, ASSOCIATIVE,
                    lambda: progress.advance(task),
                )  # fmt: skip


def _held_out(
    collected: list[RankedQuestion], conversations: int, ablation: bool
) -> tuple[HeldOut, dict[str, HeldOut]]:
    """Leave-one-conversation-out with every feature group and, with ``ablation``, without
    each; a model per conversation per run, with progress."""
    groups = list(FEATURE_GROUPS) if ablation else []
    with counting_progress(TimeElapsedColumn()) as progress:
        task = progress.add_task("held-out models", total=conversations * (1 + len(groups)))

        def advance() -> None:
            progress.advance(task)

        full = leave_one_out(collected, advance=advance)
        return full, {g: leave_one_out(collected, frozenset({g}), advance=advance) for g in groups}


def _report(full: HeldOut, ablations: dict[str, HeldOut]) -> None:
    table = figures(f"Held out, one conversation at a time: R@{K} (%)", ["conversation"],
                    ["questions", f"R@{K}"])  # fmt: skip
    for name, (count, value) in full.conversations.items():
        table.add_row(name, str(count), f"{value:.1f}")
    table.add_row("all", str(sum(c for c, _ in full.conversations.values())), f"{full.overall:.1f}")
    console.print(table)
    table = figures(f"Held out, by category: R@{K} (%)", ["category"], ["questions", f"R@{K}"])
    for name, (count, value) in full.categories.items():
        table.add_row(name, str(count), f"{value:.1f}")
    console.print(table)
    if not ablations:
        return
    names = list(full.conversations)
    table = figures(f"Held out without each feature group: R@{K} (%)", ["left out"],
                    [*names, "all", "change"])  # fmt: skip
    table.add_row("nothing", *(f"{v:.1f}" for _, v in full.conversations.values()),
                  f"{full.overall:.1f}", "")  # fmt: skip
    for group, found in ablations.items():
        table.add_row(
            group,
            *(f"{found.conversations[n][1]:.1f}" for n in names),
            f"{found.overall:.1f}",
            f"{found.overall - full.overall:+.1f}",
        )
    console.print(table)


@app.command("train")
def train_command(
    ctx: typer.Context,
    path: DataFile,
    out: Annotated[
        Path,
        typer.Option(
            help="where to write the model; the one recall uses is graph/recall/ranker.txt in "
            "a checkout, replaced only when named here"
        ),
    ] = Path("eval-results/ranker/ranker.txt"),
    ablation: Annotated[
        bool, typer.Option(help="also measure the model without each feature group")
    ] = True,
) -> None:
    """Train the ranking model on a LoCoMo file, report it held out, and write it."""
    with reported():
        found = load_locomo_questions(path)
        collected = asyncio.run(_collect(ctx.obj, found))
        conversations = {q.conversation for q in collected}
        if len(conversations) > 1:
            _report(*_held_out(collected, len(conversations), ablation))
        else:
            console.print("One conversation: no leave-one-out figure (it needs two or more)")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(model_text(train(collected)), encoding="utf-8")
    console.print(f"Written: {out}")
