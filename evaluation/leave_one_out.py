"""Leave-one-conversation-out: a parameter chosen on the other conversations, measured on each.

A family of presets that differ in one parameter (``associative``, ``associative-q1``, …) is
read from an evaluation's per-question results (``recall.json``). For each conversation, the
preset with the best Recall@k on the *other* conversations is chosen and measured on the held-out
one; the figure that counts is that held-out recall over all questions, beside the whole-split
figure of each preset (which saw every conversation when it was chosen).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from hippograph.graph.errors import HippographError


class ResultsError(HippographError):
    """The results file does not hold what leave-one-out needs."""


@dataclass(frozen=True)
class Fold:
    conversation: str
    chosen: str
    questions: int
    held_out: float  # Recall@k of the chosen preset on this conversation, in %


@dataclass(frozen=True)
class LeaveOneOut:
    k: int
    folds: tuple[Fold, ...]
    overall: float  # held-out Recall@k over every question, in %
    whole_split: dict[str, float]  # each preset's Recall@k over every question, in %


def _recall(entry: dict[str, Any], k: int) -> float:
    ranks = entry["evidence_ranks"].values()
    return fmean(1.0 if r is not None and r <= k else 0.0 for r in ranks) if ranks else 0.0


def leave_one_out(results: dict[str, Any], family: Sequence[str], k: int) -> LeaveOneOut:
    questions = results.get("questions") or []
    if not family or not questions:
        raise ResultsError("give a family of presets and a results file with questions")
    missing = [name for name in family if name not in questions[0]["systems"]]
    if missing:
        raise ResultsError(f"the results hold no run of {missing}: evaluate those modes first")
    scored = [
        (q["conversation_id"], {name: _recall(q["systems"][name], k) for name in family})
        for q in questions
    ]
    conversations = sorted({c for c, _ in scored})
    if len(conversations) < 2:
        raise ResultsError(
            f"leave-one-out needs at least two conversations; the results hold {conversations}"
        )
    folds = []
    for held in conversations:
        train = [s for c, s in scored if c != held]
        test = [s for c, s in scored if c == held]
        # Ties go to the first preset named: the family lists the shipped one first.
        chosen = max(family, key=lambda name: (fmean(s[name] for s in train), -family.index(name)))
        folds.append(Fold(held, chosen, len(test), 100 * fmean(s[chosen] for s in test)))
    total = sum(f.questions for f in folds)
    return LeaveOneOut(
        k=k,
        folds=tuple(folds),
        overall=sum(f.held_out * f.questions for f in folds) / total,
        whole_split={name: 100 * fmean(s[name] for _, s in scored) for name in family},
    )
