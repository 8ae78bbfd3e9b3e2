"""`hippograph eval change-pairs`: issue 41's candidate pairs by meaning and learned decision,
leave-one-conversation-out on a labelled set (evaluation/change_pairs.py)."""

from pathlib import Path
from typing import Annotated

import typer

from hippograph.api.settings import Settings
from hippograph.api.wiring import ExtractorKind, build_extractor, embeddings
from hippograph.cli.console import console, figures, reported
from hippograph.evaluation.change_pairs import (
    descriptions,
    labelled_pairs,
    leave_one_out,
    statements,
    trade_off,
)
from hippograph.evaluation.supersession import changed, load_set
from hippograph.ingest.nlp import load_spacy

THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.7)


def change_pairs_command(
    ctx: typer.Context,
    labelled_set: Annotated[
        Path, typer.Option("--set", exists=True, help="a labelled set, or a folder of them")
    ],
    precision: Annotated[
        float, typer.Option(min=0.1, max=1.0, help="precision the threshold aims at")
    ] = 0.85,
) -> None:
    """Per conversation: the labelled changes, how many the candidate pairs hold, and the links
    a model trained on the other conversations makes (precision, recall)."""
    settings: Settings = ctx.obj
    with reported():
        labelled = load_set(labelled_set)
        nlp = load_spacy(settings.spacy_model)
        extractor = build_extractor(settings, ExtractorKind.OFFLINE, nlp)
        embedder = embeddings(settings)
        described = descriptions(embedder)
        is_change = changed(labelled)
        folds = []
        for n, conversation in enumerate(labelled.conversations, 1):
            found = statements(conversation, extractor, embedder, nlp, described)
            folds.append(labelled_pairs(found, is_change))
            console.print(f"read {n}/{len(labelled.conversations)}: {conversation.id}")
        scores = leave_one_out(folds, labelled, precision)
        curve = trade_off(folds, labelled, THRESHOLDS)
    table = figures(
        "Leave-one-conversation-out (each scored by a model trained on the others)",
        ["conversation"],
        ["changes", "in candidates", "links made", "right", "found", "precision", "recall",
         "threshold"],
    )  # fmt: skip
    for s in [*scores, None]:
        if s is None:
            row = ["all", *(sum(getattr(x, f) for x in scores) for f in
                   ("labelled", "candidates", "found", "right", "recalled"))]  # fmt: skip
            thresholds = ""
        else:
            row = [s.conversation, s.labelled, s.candidates, s.found, s.right, s.recalled]
            thresholds = f"{s.threshold:.2f}"
        _, labelled_n, _, found_n, right_n, recalled_n = row
        table.add_row(
            *(str(x) for x in row),
            f"{right_n / found_n:.2f}" if found_n else "-",
            f"{recalled_n / labelled_n:.2f}" if labelled_n else "-",
            thresholds,
        )
    console.print(table)
    shown = figures(
        "Held out, at each threshold (all conversations)",
        ["threshold"],
        ["links made", "right", "precision", "found", "recall"],
    )
    for t in curve:
        shown.add_row(
            f"{t.threshold:.2f}", str(t.found), str(t.right),
            f"{t.right / t.found:.2f}" if t.found else "-", str(t.recalled),
            f"{t.recalled / t.labelled:.2f}",
        )  # fmt: skip
    console.print(shown)
