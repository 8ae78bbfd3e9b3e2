"""What the learned ranking reads of each candidate: the signals recall already computes.

A candidate is an EDU that the search (dense + BM25, fused by reciprocal rank) or the
propagation (personalized PageRank) put in its pool. Its features are scale-free, so that they
mean the same in a small scope and a large one and for a short question and a long one: ranks
as logarithms, scores relative to the best of their list. They come in groups, so that each
group's share can be measured by leaving it out (``hippograph ranker train`` reports it):

- ``search``: dense similarity (and its gap to the best), BM25 relative to the best, ranks,
  the fused rank, the share of the question's words (by idf) the EDU and its context hold;
- ``graph``: PageRank relative to the best and its rank, and the question's entities the EDU
  mentions (their seed weight, their count);
- ``time``: the question asks for a time, names one; the EDU is dated, overlaps that time;
- ``act``: the EDU only asks;
- ``session``: its session's best fused score, candidates and PageRank mass;
- ``neighbours``: the best fused score and PageRank of the candidates said next to it (within
  ``NEARBY`` turns: a question and its answer, a story told over several turns);
- ``shape``: the EDU's length; the question asks for a list or a count (across sessions);
- ``speaker``: the question names who said it.
"""

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hippograph.graph.recall.fusion import SearchFacts
from hippograph.graph.recall.lexical import LexicalIndex
from hippograph.graph.recall.model import Candidate, RecallQuery

FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "search": (
        "dense_score",
        "dense_gap",
        "dense_log_rank",
        "lexical_relative",
        "lexical_log_rank",
        "fused_relative",
        "fused_log_rank",
        "key_coverage",
        "context_coverage",
    ),
    "graph": (
        "pagerank_relative",
        "pagerank_log_rank",
        "entity_weight",
        "entity_count",
    ),
    "time": ("asks_when", "names_time", "dated", "time_overlap"),
    "act": ("only_asks",),
    "session": (
        "session_fused_relative",
        "session_log_rank",
        "session_candidates",
        "session_pagerank",
    ),
    "neighbours": ("neighbour_fused", "neighbour_pagerank"),
    "shape": ("log_words", "asks_list"),
    "speaker": ("speaker_named",),
}
FEATURES: tuple[str, ...] = tuple(f for group in FEATURE_GROUPS.values() for f in group)
NEARBY = 2


@dataclass(frozen=True)
class CandidateFeatures:
    """The candidates of one recall, in pool order, and their features (one row each)."""

    ids: tuple[str, ...]
    values: NDArray[np.float64]


def _log_rank(rank: int | None, missing: int) -> float:
    return math.log(rank if rank is not None else missing)


def candidate_features(
    query: RecallQuery,
    found: Sequence[Candidate],
    activated: Sequence[tuple[str, float]],
    entity_seeds: Sequence[tuple[str, float]],
    lexical: LexicalIndex,
) -> CandidateFeatures:
    """Features of every EDU in ``found`` (the search's pool, best first) or ``activated``
    (PageRank's, best first), given the entity seeds (id, weight) the propagation started
    from."""
    facts = lexical.facts
    ids = tuple(
        e
        for e in dict.fromkeys([c.id for c in found] + [e for e, _ in activated])
        if e in facts.row
    )
    if not ids:
        return CandidateFeatures((), np.zeros((0, len(FEATURES))))
    rows = np.array([facts.row[e] for e in ids])
    columns: dict[str, NDArray[np.float64]] = {name: np.zeros(len(ids)) for name in FEATURES}
    _search_columns(columns, ids, found, activated)
    seeds = dict(entity_seeds)
    seed_total = sum(seeds.values()) or 1.0
    named = _speaker_named(query.question)
    for i in range(len(ids)):
        mentioned = [seeds[e] for e in facts.mentions[rows[i]] if e in seeds]
        columns["entity_weight"][i] = sum(mentioned) / seed_total
        columns["entity_count"][i] = len(mentioned)
        columns["speaker_named"][i] = float(
            any(named(speaker) for speaker in facts.speakers[rows[i]])
        )
    _question_columns(columns, query, facts, rows)
    columns["key_coverage"] = lexical.coverage(query.text, ids, "key")
    columns["context_coverage"] = lexical.coverage(query.text, ids, "context")
    _session_columns(columns, facts.sessions[rows])
    _neighbour_columns(columns, facts.sessions[rows], facts.positions[rows])
    columns["log_words"] = np.log1p(facts.words[rows])
    return CandidateFeatures(ids, np.column_stack([columns[name] for name in FEATURES]))


def _search_columns(
    columns: dict[str, NDArray[np.float64]],
    ids: Sequence[str],
    found: Sequence[Candidate],
    activated: Sequence[tuple[str, float]],
) -> None:
    """Where each candidate stood in the search (dense, lexical, fused) and in PageRank:
    scores relative to the best, log ranks (one past the pool when it was not there)."""
    searched = {c.id: (rank, c) for rank, c in enumerate(found, 1)}
    spread = {edu: (rank, score) for rank, (edu, score) in enumerate(activated, 1)}
    missing = max(len(found), len(activated)) + 1
    dense = [c.dense_score for c in found if c.dense_score is not None]
    best_dense = max(dense, default=0.0)
    floor_dense = min(dense, default=0.0)
    best_lexical = max((c.lexical_score or 0.0 for c in found), default=0.0) or 1.0
    best_fused = max((c.score for c in found), default=0.0) or 1.0
    best_spread = max((s for _, s in activated), default=0.0) or 1.0
    for i, edu in enumerate(ids):
        rank, c = searched.get(edu, (None, None))
        spread_rank, spread_score = spread.get(edu, (None, 0.0))
        dense_score = c.dense_score if c and c.dense_score is not None else floor_dense
        columns["dense_score"][i] = dense_score
        columns["dense_gap"][i] = best_dense - dense_score
        columns["dense_log_rank"][i] = _log_rank(c.dense_rank if c else None, missing)
        columns["lexical_relative"][i] = (c.lexical_score or 0.0) / best_lexical if c else 0.0
        columns["lexical_log_rank"][i] = _log_rank(c.lexical_rank if c else None, missing)
        columns["fused_relative"][i] = c.score / best_fused if c else 0.0
        columns["fused_log_rank"][i] = _log_rank(rank, missing)
        columns["pagerank_relative"][i] = spread_score / best_spread
        columns["pagerank_log_rank"][i] = _log_rank(spread_rank, missing)


def _question_columns(
    columns: dict[str, NDArray[np.float64]],
    query: RecallQuery,
    facts: SearchFacts,
    rows: NDArray[Any],
) -> None:
    """What the question asks (a time, a list) and whether each EDU's date meets it."""
    columns["asks_when"][:] = float(query.asks_when)
    columns["names_time"][:] = float(query.date is not None)
    columns["dated"] = facts.dated[rows].astype(np.float64)
    if query.date:
        columns["time_overlap"] = (
            (facts.starts[rows] <= query.date.end.toordinal())
            & (facts.ends[rows] >= query.date.start.toordinal())
        ).astype(np.float64)
    columns["only_asks"] = facts.asks[rows].astype(np.float64)
    columns["asks_list"][:] = float(query.asks_list)


def _session_columns(columns: dict[str, NDArray[np.float64]], sessions: NDArray[np.int64]) -> None:
    """Per candidate, aggregates over the candidates of its session: the best fused score
    (relative to the best overall), the session's rank by it, how many candidates it holds
    (as a share) and its share of the PageRank mass."""
    size = int(sessions.max()) + 1
    best = np.zeros(size)
    np.maximum.at(best, sessions, columns["fused_relative"])
    count = np.bincount(sessions, minlength=size).astype(np.float64)
    mass = np.zeros(size)
    np.add.at(mass, sessions, columns["pagerank_relative"])
    order = np.argsort(-best, kind="stable")
    rank = np.empty(size)
    rank[order] = np.arange(1, size + 1)
    columns["session_fused_relative"] = best[sessions]
    columns["session_log_rank"] = np.log(rank[sessions])
    columns["session_candidates"] = count[sessions] / len(sessions)
    columns["session_pagerank"] = mass[sessions] / (mass.sum() or 1.0)


def _neighbour_columns(
    columns: dict[str, NDArray[np.float64]],
    sessions: NDArray[np.int64],
    positions: NDArray[np.int64],
) -> None:
    """Per candidate, the best fused score and PageRank among the other candidates of its
    session said within ``NEARBY`` turns of it."""
    near = (sessions[:, None] == sessions[None, :]) & (
        np.abs(positions[:, None] - positions[None, :]) <= NEARBY
    )
    np.fill_diagonal(near, False)
    for source, target in (
        ("fused_relative", "neighbour_fused"),
        ("pagerank_relative", "neighbour_pagerank"),
    ):
        columns[target] = np.where(near, columns[source][None, :], 0.0).max(axis=1)


def _named(speaker: str, question: str) -> bool:
    first = speaker.split()[0] if speaker.split() else ""
    return (
        bool(first) and re.search(rf"\b{re.escape(first)}\b", question, re.IGNORECASE) is not None
    )


def _speaker_named(question: str) -> Callable[[str], bool]:
    """Whether a speaker's first name is a word of ``question``, once per speaker: a
    conversation has a few speakers and a recall a hundred candidates."""
    return cache(lambda speaker: _named(speaker, question))
