"""`hippograph eval supersession`: detection on the labelled set (offline, and with the
configured chat model as judge), the links made on a LoCoMo file for reading, and recall@1 of
"now" and "as of" questions before and with supersession."""

import asyncio
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer

from hippograph.api.settings import Settings
from hippograph.api.wiring import (
    ExtractorKind,
    build_extractor,
    judge_of,
    open_pipeline,
    parallel_extraction,
    query_preparer,
)
from hippograph.cli.console import console, figures, reported
from hippograph.cli.ingest import ingest_with_progress
from hippograph.cli.options import parse_presets
from hippograph.evaluation.supersession import (
    DetectionScore,
    FoundLink,
    SupersessionSet,
    detect,
    first_is_valid,
    load_set,
    score_detection,
)
from hippograph.graph.model import Conversation
from hippograph.graph.recall.engine import recall
from hippograph.graph.recall.lexical import LexicalIndexes
from hippograph.graph.recall.model import RecallFilters
from hippograph.graph.recall.presets import RecallPreset
from hippograph.ingest.formats import Source
from hippograph.ingest.formats.locomo import load_locomo
from hippograph.ingest.formats.reading import Loaded
from hippograph.ingest.supersession.judge import LinkTexts, SupersessionJudge

SCOPE_PREFIX = "eval-supersession-"


def judged_by(judge: SupersessionJudge) -> Callable[[Sequence[FoundLink]], Sequence[bool]]:
    def ask(links: Sequence[FoundLink]) -> Sequence[bool]:
        return judge.agrees(
            [LinkTexts(x.earlier.text, x.later.text, x.link.attribute) for x in links]
        )

    return ask


def _detection_table(name: str, score: DetectionScore) -> None:
    table = figures(
        f"Detection on the labelled set: {name}",
        ["reader"],
        ["links made", "right", "precision", "labelled changes", "found", "recall"],
    )
    table.add_row(
        name, str(score.found), str(score.right), f"{score.precision:.3f}",
        str(score.labelled), str(score.recalled), f"{score.recall:.3f}",
    )  # fmt: skip
    console.print(table)


def _dev_links(path: Path, settings: Settings, out: Path) -> None:
    """Every link the rule makes on a LoCoMo file, written for a person to read."""
    loaded: Loaded = load_locomo(path)
    links = detect(loaded.conversations, build_extractor(settings, ExtractorKind.OFFLINE))
    lines = [f"# Links on {path.name}: {len(links)}", ""]
    for number, x in enumerate(links, 1):
        lines += [
            f"{number}. {x.conversation} · {x.link.attribute}: "
            f"{x.earlier.frame.value if x.earlier.frame else ''!r} → "
            f"{x.later.frame.value if x.later.frame else ''!r}",
            f"   - earlier ({x.earlier.session_id}): {x.earlier.text}",
            f"   - later ({x.later.session_id}): {x.later.text}",
        ]
    written = out / "dev-links.md"
    written.write_text("\n".join(lines) + "\n", encoding="utf-8")
    console.print(f"{len(links)} links on {path.name}, listed in {written}")


async def _questions(
    settings: Settings, labelled: SupersessionSet, presets: Sequence[RecallPreset]
) -> dict[str, dict[str, float]]:
    """Recall@1 (%) of the valid statement, per mode, for "now" and "as of" questions: as
    recall ranked before supersession, and with it (now: valid first; as of: asOf)."""
    conversations = [c.conversation() for c in labelled.conversations]
    loaded = Loaded(Path("supersession.json"), conversations)
    with parallel_extraction(settings, ExtractorKind.OFFLINE) as extraction:
        async with open_pipeline(settings, extraction) as (driver, pipeline):
            await ingest_with_progress(pipeline, Source.of(loaded), None, SCOPE_PREFIX)
            preparer = query_preparer(settings, embedder=pipeline.embeddings)
            queries = preparer.prepare_many([q.question for q in labelled.questions])
            lexicon = LexicalIndexes()
            found: dict[str, dict[str, float]] = {}
            for preset in presets:
                rows = found.setdefault(preset.name, {})
                for kind in ("now", "as of"):
                    asked = [
                        (q, query)
                        for q, query in zip(labelled.questions, queries, strict=True)
                        if (q.as_of is None) == (kind == "now")
                    ]
                    for label, supersession in (("before", False), ("with", True)):
                        right = 0
                        for question, query in asked:
                            filters = RecallFilters(as_of=question.as_of if supersession else None)
                            hits = await recall(
                                driver, pipeline.database, SCOPE_PREFIX + question.conversation,
                                query, k=10, preset=preset, filters=filters, lexicon=lexicon,
                                knows_time=supersession,
                            )  # fmt: skip
                            right += first_is_valid(question, hits)
                        rows[f"{kind}, {label}"] = 100 * right / max(1, len(asked))
                        rows[f"{kind}, questions"] = len(asked)
    return found


def _questions_table(found: dict[str, dict[str, float]]) -> None:
    columns = ["now, before", "now, with", "as of, before", "as of, with"]
    table = figures("Valid statement first (recall@1, %)", ["mode"], columns)
    for mode, row in found.items():
        table.add_row(mode, *(f"{row[c]:.1f}" for c in columns))
    console.print(table)


def supersession_command(
    ctx: typer.Context,
    labelled_set: Annotated[
        Path | None,
        typer.Option(
            "--set", exists=True, help="a labelled set, or a folder of them (default: ours)"
        ),
    ] = None,
    dev: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="a LoCoMo file: list the links made on it"),
    ] = None,
    judge: Annotated[
        bool, typer.Option(help="also with the configured chat model judging each link")
    ] = False,
    modes: Annotated[
        str, typer.Option(help="recall modes for the questions")
    ] = "hybrid,associative",
    out: Annotated[Path, typer.Option(help="folder for supersession.json")] = Path(
        "eval-results/supersession"
    ),
) -> None:
    """Measure supersession: detection precision and recall on the labelled set, the links
    made on --dev for reading, and "now" / "as of" questions before and with it."""
    settings: Settings = ctx.obj
    presets = parse_presets(modes)
    out.mkdir(parents=True, exist_ok=True)
    with reported():
        labelled = load_set(labelled_set)
        conversations: list[Conversation] = [c.conversation() for c in labelled.conversations]
        extractor = build_extractor(settings, ExtractorKind.OFFLINE)
        scores = {"offline": score_detection(labelled, detect(conversations, extractor))}
        if judge:
            asked = judged_by(judge_of(settings))
            scores["offline + judge"] = score_detection(
                labelled, detect(conversations, extractor, asked)
            )
        for name, score in scores.items():
            _detection_table(name, score)
        if dev is not None:
            _dev_links(dev, settings, out)
        answered = asyncio.run(_questions(settings, labelled, presets))
    _questions_table(answered)
    report = {
        "detection": {
            name: {
                "precision": s.precision, "recall": s.recall, "found": s.found,
                "right": s.right, "labelled": s.labelled, "recalled": s.recalled,
                "wrong": s.wrong, "missed": s.missed,
            }
            for name, s in scores.items()
        },
        "questions": answered,
    }  # fmt: skip
    written = out / "supersession.json"
    written.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    console.print(f"Written: {written}")
