"""Training the learned ranking (graph/recall/ranker.py) and measuring it honestly.

Every answerable question of a benchmark is recalled as associative recall gathers it (the
search and the propagation of the preset that serves, graph/recall/engine.py ``gather``), and
each candidate's features (graph/recall/features.py) are kept with its label: whether it cites
an evidence turn. A LightGBM LambdaRank model learns to order them. It is measured by
leave-one-conversation-out (trained on the others, scored on each), per conversation and per
category, and per feature group left out (its columns held constant), so that every group, the
graph's included, shows what it earns. The file shipped is trained on every conversation.

Training is deterministic: one thread, LightGBM's deterministic mode, a fixed seed, questions
in a fixed order; the same data gives the same file.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import fmean

import lightgbm as lgb
import numpy as np
from neo4j import AsyncDriver
from numpy.typing import NDArray

from hippograph.evaluation.metrics import recall_at
from hippograph.graph.errors import HippographError
from hippograph.graph.recall.engine import details, gather
from hippograph.graph.recall.features import FEATURE_GROUPS, FEATURES, candidate_features
from hippograph.graph.recall.lexical import LexicalIndexes
from hippograph.graph.recall.model import RecallQuery
from hippograph.graph.recall.presets import RecallPreset
from hippograph.ingest.formats.questions import Question

# Candidates gathered per question: as deep as the evaluation's recall.
DEPTH = 100
K = 10
# Small trees and few rounds: about 800 questions from five conversations train it, and deeper
# or longer models scored lower held out (docs/evaluation.md: leaves 7/15/31, rounds 150/300/600).
PARAMETERS: dict[str, object] = {
    "objective": "lambdarank",
    "label_gain": [0, 1],
    # R@10 counts the first ten distinct turns: what ranks below 20 candidates matters little.
    "lambdarank_truncation_level": 20,
    "learning_rate": 0.05,
    "num_leaves": 7,
    "min_data_in_leaf": 50,
    "num_threads": 1,
    "deterministic": True,
    "force_row_wise": True,
    "seed": 7,
    "verbose": -1,
}
ROUNDS = 150


@dataclass(frozen=True)
class RankedQuestion:
    """One question's candidates, as recall gathered them, with what each cites."""

    id: str
    conversation: str
    category: str
    evidence: tuple[str, ...]
    ids: tuple[str, ...]
    features: NDArray[np.float64]
    turns: tuple[tuple[str, ...], ...]

    @property
    def labels(self) -> NDArray[np.float64]:
        wanted = set(self.evidence)
        return np.array([float(bool(wanted.intersection(t))) for t in self.turns])

    def recall(self, scores: NDArray[np.float64], k: int = K) -> float:
        """Evidence recall in the first ``k`` distinct turns of the candidates ordered by
        ``scores`` (ties by id, as recall orders them)."""
        ranked = np.lexsort((np.array(self.ids, dtype=object), -scores))
        turns = list(dict.fromkeys(t for i in ranked for t in self.turns[i]))
        return recall_at(turns, self.evidence, k)


async def collect(
    driver: AsyncDriver,
    database: str,
    questions: Sequence[Question],
    queries: Sequence[RecallQuery],
    scope_prefix: str,
    preset: RecallPreset,
    advance: Callable[[], None] = lambda: None,
) -> list[RankedQuestion]:
    """Each question's candidates with their features and cited turns."""
    lexicon = LexicalIndexes()
    collected = []
    for question, query in zip(questions, queries, strict=True):
        scope = scope_prefix + question.conversation_id
        found = await gather(driver, database, scope, query, preset, DEPTH, lexicon=lexicon)
        seeds = [(s.id, s.weight) for s in found.activation.entity_seeds]
        features = candidate_features(
            query, found.found, found.activation.edus, seeds, found.lexical
        )
        rows = await details(driver, database, scope, list(features.ids), len(features.ids))
        cited = {r["id"]: tuple(t["source_id"] for t in r["turns"]) for r in rows}
        collected.append(
            RankedQuestion(
                id=question.id,
                conversation=question.conversation_id,
                category=question.category,
                evidence=question.evidence,
                ids=features.ids,
                features=features.values,
                turns=tuple(cited.get(e, ()) for e in features.ids),
            )
        )
        advance()
    return collected


def _matrix(question: RankedQuestion, dropped: frozenset[str]) -> NDArray[np.float64]:
    """Its features, the columns of ``dropped`` groups held at 0 (the model cannot use them)."""
    values = question.features.copy()
    for group in dropped:
        for name in FEATURE_GROUPS[group]:
            values[:, FEATURES.index(name)] = 0.0
    return values


def train(
    questions: Sequence[RankedQuestion], dropped: frozenset[str] = frozenset()
) -> lgb.Booster:
    """A LambdaRank model over ``questions`` (each one query group)."""
    kept = sorted((q for q in questions if q.ids), key=lambda q: (q.conversation, q.id))
    data = lgb.Dataset(
        np.vstack([_matrix(q, dropped) for q in kept]),
        np.concatenate([q.labels for q in kept]),
        group=[len(q.ids) for q in kept],
        feature_name=list(FEATURES),
        free_raw_data=False,
    )
    return lgb.train(PARAMETERS, data, num_boost_round=ROUNDS)


def model_text(model: lgb.Booster) -> str:
    """The model in LightGBM's text format: the file shipped as graph/recall/ranker.txt."""
    text: str = model.model_to_string()
    return text


@dataclass(frozen=True)
class HeldOut:
    """Leave-one-conversation-out R@k (%): per conversation, per category, over all."""

    conversations: dict[str, tuple[int, float]]
    categories: dict[str, tuple[int, float]]
    overall: float


class TooFewConversationsError(HippographError):
    """Leave-one-conversation-out was asked of fewer than two conversations."""


def leave_one_out(
    questions: Sequence[RankedQuestion],
    dropped: frozenset[str] = frozenset(),
    k: int = K,
    advance: Callable[[], None] = lambda: None,
) -> HeldOut:
    """Each conversation scored by a model trained on the others (``advance`` after each)."""
    conversations = sorted({q.conversation for q in questions})
    if len(conversations) < 2:
        raise TooFewConversationsError(
            f"leave-one-out needs two conversations or more; the questions come from "
            f"{conversations}"
        )
    scored: list[tuple[RankedQuestion, float]] = []
    for held in conversations:
        model = train([q for q in questions if q.conversation != held], dropped)
        for q in questions:
            if q.conversation == held:
                scores = model.predict(_matrix(q, dropped)) if q.ids else np.zeros(0)
                scored.append((q, q.recall(np.asarray(scores, dtype=np.float64), k)))
        advance()
    return HeldOut(
        conversations=_means(scored, lambda q: q.conversation),
        categories=_means(scored, lambda q: q.category),
        overall=100 * fmean(r for _, r in scored),
    )


def _means(
    scored: Sequence[tuple[RankedQuestion, float]], key: Callable[[RankedQuestion], str]
) -> dict[str, tuple[int, float]]:
    groups: dict[str, list[float]] = {}
    for q, r in scored:
        groups.setdefault(key(q), []).append(r)
    return {name: (len(v), 100 * fmean(v)) for name, v in sorted(groups.items())}
