"""The learned ranking: one LightGBM model orders the candidates of associative recall.

It replaces the hand-set multipliers (session lift, time and dated weights, the question
weight, the RRF of search and PageRank) with a model trained on what they only approximated:
which candidates cite evidence turns. The model is package data (``ranker.txt`` beside this
module), LightGBM's own text format; ``hippograph ranker train`` makes it from a benchmark file
(evaluation/ranking.py), deterministically: the same data gives the same file.
"""

from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from hippograph.graph.errors import HippographError
from hippograph.graph.recall.features import FEATURES, candidate_features
from hippograph.graph.recall.lexical import LexicalIndex
from hippograph.graph.recall.model import Candidate, RecallQuery
from hippograph.graph.recall.presets import SHIPPED

if TYPE_CHECKING:  # imported on use: lightgbm takes 0.2 s to import, which a CLI command
    import lightgbm as lgb  # without recall (stats, keys, neo4j start) need not wait for


class RankerError(HippographError):
    """A ranking model that does not fit this version's features."""


@cache
def load_ranker(name: str = SHIPPED) -> "lgb.Booster":
    """The model named ``name`` among this package's files, read once per process."""
    import lightgbm as lgb

    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return check_ranker(lgb.Booster(model_str=text), name)


def check_ranker(model: "lgb.Booster", name: str) -> "lgb.Booster":
    """``model``, if it reads the features this version computes, in their order."""
    if tuple(model.feature_name()) != FEATURES:
        raise RankerError(
            f"the ranking model {name} reads the features {model.feature_name()}, but this "
            f"version computes {list(FEATURES)}: retrain it with hippograph ranker train"
        )
    return model


def learned_ranking(
    model: "lgb.Booster",
    query: RecallQuery,
    found: Sequence[Candidate],
    activated: Sequence[tuple[str, float]],
    entity_seeds: Sequence[tuple[str, float]],
    lexical: LexicalIndex,
) -> list[tuple[str, float]]:
    """Every candidate of the search and the propagation, by the model's score, best first
    (ties by id)."""
    features = candidate_features(query, found, activated, entity_seeds, lexical)
    if not features.ids:
        return []
    scores = np.asarray(model.predict(features.values, num_threads=1), dtype=np.float64)
    return sorted(
        zip(features.ids, scores.tolist(), strict=True), key=lambda item: (-item[1], item[0])
    )
