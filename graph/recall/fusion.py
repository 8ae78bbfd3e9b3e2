"""The search's fusion: dense and lexical rankings into one, with the weights of the preset.

An EDU's fused score is its reciprocal-rank sum (or its one list's score, when the preset
searches one way only); an EDU that only asks counts ``question_weight`` of it, a dated one
``dated_weight`` (above 1 when the question asks for a time), one whose time (its event date,
else its session's day) overlaps the time the question names ``time_weight``. Then each
candidate is lifted by its session, by 1 + ``session_lift`` × (its session's best score / the
best score) ^ ``session_sharpness``: the sessions that hold the best candidates lend weight to
their other candidates (an answer's session shows in the words and meaning of its neighbours).

This ran as Cypher over the candidates' nodes (7 of a recall's 25 ms, the interpreted runtime
walking 200 rows); the facts it reads are held beside the scope's lexical index instead.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hippograph.graph.fulltext import query_terms
from hippograph.graph.recall.model import Candidate, RecallQuery
from hippograph.graph.recall.presets import RecallPreset


@dataclass(frozen=True)
class EduFacts:
    """What the fusion weighs of one EDU."""

    act: str | None
    date: dt.date | None
    date_end: dt.date | None
    day: dt.date | None
    session: str
    # For the learned ranking (graph/recall/features.py): the EDU's length in words, the
    # entities it mentions, who said it and where in its session (its first turn's position).
    words: int = 0
    mentions: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    position: int = -1


def _ordinal(day: dt.date | None) -> int:
    return day.toordinal() if day else 0


class SearchFacts:
    """A scope's EDUs as arrays, in the order of ``ids``; appended EDUs extend them in place."""

    def __init__(self, ids: Sequence[str], facts: Sequence[EduFacts]) -> None:
        self.row: dict[str, int] = {}
        self.asks = np.zeros(0, dtype=bool)
        self.dated = np.zeros(0, dtype=bool)
        self.starts = np.zeros(0, dtype=np.int64)
        self.ends = np.zeros(0, dtype=np.int64)
        self.session_names = np.zeros(0, dtype=object)
        self.sessions = np.zeros(0, dtype=np.int64)
        self._numbered: dict[str, int] = {}
        self.words = np.zeros(0, dtype=np.float64)
        self.mentions: list[frozenset[str]] = []
        self.speakers: list[tuple[str, ...]] = []
        self.positions = np.zeros(0, dtype=np.int64)
        self.extend(ids, facts)

    def extend(self, ids: Sequence[str], facts: Sequence[EduFacts]) -> None:
        """Add EDUs after the ones held (an id held already is not added again)."""
        new = [(edu, f) for edu, f in zip(ids, facts, strict=True) if edu not in self.row]
        if not new:
            return
        facts = [f for _, f in new]
        self.row.update({edu: len(self.row) + i for i, (edu, _) in enumerate(new)})
        join = np.concatenate
        self.asks = join([self.asks, [f.act == "question" for f in facts]])
        self.dated = join([self.dated, [f.date is not None for f in facts]])
        self.starts = join([self.starts, [_ordinal(f.date or f.day) for f in facts]])
        self.ends = join([self.ends, [_ordinal(f.date_end or f.day) for f in facts]])
        self.words = join([self.words, np.array([f.words for f in facts], dtype=np.float64)])
        self.positions = join([self.positions, [f.position for f in facts]]).astype(np.int64)
        self.mentions += [frozenset(f.mentions) for f in facts]
        self.speakers += [f.speakers for f in facts]
        # Sessions numbered in the order of their ids (the learned ranking breaks ties by it),
        # renumbered only when a new session comes.
        names = [f.session for f in facts]
        self.session_names = join([self.session_names, np.array(names, dtype=object)])
        if set(names) <= self._numbered.keys():
            numbers = np.array([self._numbered[s] for s in names], dtype=np.int64)
            self.sessions = join([self.sessions, numbers])
        else:
            unique, self.sessions = np.unique(self.session_names.astype(str), return_inverse=True)
            self._numbered = {str(s): i for i, s in enumerate(unique)}


def fuse_search(
    dense: Sequence[tuple[str, float]],
    lexical: Sequence[tuple[str, float]],
    facts: SearchFacts,
    query: RecallQuery,
    preset: RecallPreset,
    pools: tuple[int, int, int],
    limit: int,
) -> list[Candidate]:
    """``dense`` (the plain then the in-context list, best first) and ``lexical`` (best first),
    searched with ``pools`` (plain, in context, lexical), fused, weighted and lifted: the best
    of them (at least ``limit``, as deep as the deepest pool), best first, ties by id."""
    plain_pool, context_pool, lexical_pool = pools
    dense_at: dict[str, tuple[int, float]] = {}
    lexical_at: dict[str, tuple[int, float]] = {}
    for rank, (edu, value) in enumerate(dense, 1):
        dense_at.setdefault(edu, (rank, value))
    for rank, (edu, value) in enumerate(lexical, 1):
        lexical_at.setdefault(edu, (rank, value))
    found = dict.fromkeys([edu for edu, _ in dense] + [edu for edu, _ in lexical])
    ids = [edu for edu in found if edu in facts.row]
    if not ids:
        return []
    words = bool(lexical_pool and query_terms(query.text))

    def fused(edu: str) -> float:
        d, w = dense_at.get(edu), lexical_at.get(edu)
        if not words:
            return d[1] if d else 0.0
        if not plain_pool + context_pool:
            return w[1] if w else 0.0
        return (preset.dense_weight / (preset.rrf_k + d[0]) if d else 0.0) + (
            preset.lexical_weight / (preset.rrf_k + w[0]) if w else 0.0
        )

    rows = np.array([facts.row[edu] for edu in ids])
    score = _weighted(
        np.array([fused(edu) for edu in ids], dtype=np.float64), facts, rows, query, preset
    )
    order = sorted(range(len(ids)), key=lambda j: (-score[j], ids[j]))
    candidates = []
    for j in order[: max(limit, plain_pool, context_pool, lexical_pool)]:
        d, w = dense_at.get(ids[j]), lexical_at.get(ids[j])
        candidates.append(
            Candidate(
                id=ids[j],
                score=float(score[j]),
                dense_rank=d[0] if d else None,
                dense_score=d[1] if d else None,
                lexical_rank=w[0] if w else None,
                lexical_score=w[1] if w else None,
            )
        )
    return candidates


def _weighted(
    score: NDArray[np.float64],
    facts: SearchFacts,
    rows: NDArray[Any],
    query: RecallQuery,
    preset: RecallPreset,
) -> NDArray[np.float64]:
    """``score`` (one per row) weighted by what the EDUs are (a question, dated, in the time
    the question names) and lifted by how close their session's best comes to the best."""
    score = score * np.where(facts.asks[rows], preset.question_weight, 1.0)
    score *= np.where(facts.dated[rows], preset.dated_weight_for(query.asks_when), 1.0)
    if query.date:
        overlaps = (facts.starts[rows] <= query.date.end.toordinal()) & (
            facts.ends[rows] >= query.date.start.toordinal()
        )
        score *= np.where(overlaps, preset.time_weight, 1.0)
    sessions = facts.sessions[rows]
    best = np.zeros(int(sessions.max()) + 1)
    np.maximum.at(best, sessions, score)
    top = best.max()
    closeness = best[sessions] / top if top > 0 else np.zeros(len(rows))
    score *= 1.0 + preset.session_lift * closeness**preset.session_sharpness
    return score
