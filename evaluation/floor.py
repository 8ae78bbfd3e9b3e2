"""The floor of a recall: the same recall computed in memory, a measuring stick for the engine.

``hippograph bench recall`` times the engine (its statements against Neo4j, three to five with
the supersession reads, PageRank in GDS)
next to this reference over the same scopes and prepared questions, and reports their ratio:
what recall costs against what the hardware allows. The reference follows the engine's
statements step by step over numpy arrays read once from the scope (graph/recall/snapshot.py):
cosine top-k over the EDU vectors (scored as Neo4j's cosine index scores, (1 + cos) / 2), BM25
from ``bm25s`` (Lucene's formula, k1 1.2, b 0.75, the scope's own statistics, the engine's
analyzer and field boosts), then the engine's own fusion (graph/recall/fusion.py); entity seeds
by key, name vector and BM25 over names; personalized PageRank over the projection's own arcs and
weights (GDS's update and stopping rule); the engine's own ordering of the candidates (its
learned model, or its fusion of the two rankings); and the hits' provenance and seed paths
from dictionaries. It never serves: GDS runs the PageRank that recall returns.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import bm25s
import numpy as np
from numpy.typing import NDArray

from hippograph.graph.recall.associative import ACTIVATION_POOL, Activation, EntitySeed
from hippograph.graph.recall.engine import Gathered, order
from hippograph.graph.recall.fusion import EduFacts, fuse_search
from hippograph.graph.recall.lexical import LexicalIndex, ScopeDocuments, analyze
from hippograph.graph.recall.model import Candidate, RecallQuery
from hippograph.graph.recall.presets import RecallPreset
from hippograph.graph.recall.snapshot import ScopeSnapshot, SnapshotEDU

Vectors = NDArray[np.float32]
Scores = NDArray[np.float64]
# GDS PageRank's default tolerance: it stops once no score moves by more.
TOLERANCE = 1e-7


@dataclass(frozen=True)
class FloorHit:
    id: str
    score: float
    turns: list[dict[str, Any]]
    path: tuple[str, ...]


def _unit(rows: Sequence[Sequence[float] | None], width: int) -> Vectors:
    matrix = np.zeros((len(rows), width), dtype=np.float32)
    for i, row in enumerate(rows):
        if row is not None:
            matrix[i] = row
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit: Vectors = (matrix / np.where(norms == 0, 1, norms)).astype(np.float32)
    return unit


def _cosine_scores(matrix: Vectors, vector: Vectors) -> Scores:
    """Neo4j's cosine score, (1 + cos) / 2, of each row. einsum's own loop, not BLAS: OpenBLAS
    threads spinning beside a busy Neo4j on two cores took 9 ms for what is 0.05 ms."""
    dots: Scores = np.einsum("ij,j->i", matrix, vector).astype(np.float64)
    return (1.0 + dots) / 2.0


class _BM25:
    """bm25s over the engine's analyzer and its terms."""

    def __init__(self, texts: Sequence[str | None]) -> None:
        self.vocabulary: dict[str, int] = {}
        ids = [[self.vocabulary.setdefault(t, len(self.vocabulary)) for t in analyze(text)]
               for text in texts]  # fmt: skip
        self.documents = len(texts)
        self.index = bm25s.BM25(method="lucene", k1=1.2, b=0.75)
        if self.vocabulary:
            # As token ids, which bm25s keeps as they are (with a vocabulary given, it sized
            # its matrix one short of it).
            self.index.index(ids, show_progress=False)

    def scores(self, terms: Sequence[str]) -> Scores:
        known = [self.vocabulary[t] for t in terms if t in self.vocabulary]
        if not known:
            return np.zeros(self.documents)
        found: Scores = self.index.get_scores_from_ids(known).astype(np.float64)
        return found


def _facts(edu: SnapshotEDU, mentions: set[str]) -> EduFacts:
    return EduFacts(
        edu.act,
        edu.date,
        edu.date_end,
        edu.day,
        edu.session,
        len(edu.text.split(" ")),
        tuple(sorted(mentions)),
        tuple(edu.speakers or ()),
        min((t["position"] for t in edu.turns), default=-1),
    )


def _top(scores: Scores, ids: NDArray[Any], limit: int) -> list[int]:
    """Indexes of the ``limit`` best positive ``scores``, best first, ties by id."""
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > limit:
        candidates = candidates[np.argpartition(-scores[candidates], limit - 1)[:limit]]
    return sorted(candidates.tolist(), key=lambda i: (-scores[i], ids[i]))[:limit]


class FloorScope:
    """One scope held in numpy arrays, recalled without a database."""

    def __init__(self, snapshot: ScopeSnapshot) -> None:
        edus, entities = snapshot.edus, snapshot.entities
        width = len(edus[0].embedding) if edus else 1
        self.ids = np.array([e.id for e in edus], dtype=object)
        self.plain = _unit([e.embedding for e in edus], width)
        self.in_context = _unit([e.context_embedding for e in edus], width)
        self.fields = {"key": _BM25([e.key for e in edus]),
                       "context": _BM25([e.context for e in edus])}  # fmt: skip
        self.turns = {e.id: e.turns for e in edus}
        self.entity_ids = np.array([e.id for e in entities], dtype=object)
        self.entity_vectors = _unit([e.embedding for e in entities], width)
        self.entity_names = _BM25([e.name for e in entities])
        self.entity_sessions = np.array([e.session_count for e in entities], dtype=np.float64)
        self.projected = np.array([e.projected for e in entities])
        self.entity_index = {e.id: i for i, e in enumerate(entities)}
        self.names = {e.id: e.name or "" for e in entities}
        nodes = sorted({a.source for a in snapshot.arcs})
        self.node = {name: i for i, name in enumerate(nodes)}
        self.node_names = nodes
        arcs = snapshot.arcs
        self.arc_types = np.array([a.type for a in arcs], dtype=object)
        self.arc_source = np.array([self.node[a.source] for a in arcs], dtype=np.int64)
        self.arc_target = np.array([self.node[a.target] for a in arcs], dtype=np.int64)
        self.arc_weight = np.array([a.weight for a in arcs], dtype=np.float64)
        self.mentions: dict[str, set[str]] = defaultdict(set)
        self.mentioned_by: dict[str, set[str]] = defaultdict(set)
        self.similar: dict[str, set[str]] = defaultdict(set)
        for a in arcs:
            if a.type != "ENTITY_LINK":
                continue
            source, target = a.source.split(":", 1), a.target.split(":", 1)
            if source[0] == "EDU":
                self.mentions[source[1]].add(target[1])
                self.mentioned_by[target[1]].add(source[1])
            elif target[0] == "Entity":
                self.similar[source[1]].add(target[1])
        # The engine's own lexical index of the scope: its facts weigh the fusion, and the
        # learned ranking reads its features from it.
        self.lexical = LexicalIndex(
            ScopeDocuments(
                version=None,
                edu_ids=[e.id for e in edus],
                edu_keys=[e.key for e in edus],
                edu_contexts=[e.context for e in edus],
                edu_facts=[_facts(e, self.mentions[e.id]) for e in edus],
                entity_ids=[e.id for e in entities],
                entity_names=[e.name for e in entities],
            )
        )
        self.facts = self.lexical.facts

    def search(self, query: RecallQuery, preset: RecallPreset, limit: int) -> list[Candidate]:
        """The engine's searches over the arrays, through the engine's own fusion."""
        pools = preset.pools(limit, False)
        plain_pool, context_pool, lexical_pool = pools
        vector = np.asarray(query.embedding, dtype=np.float32)
        vector /= np.linalg.norm(vector) or 1.0
        dense: list[tuple[str, float]] = []
        for pool, matrix in ((plain_pool, self.plain), (context_pool, self.in_context)):
            if pool:
                cosine = _cosine_scores(matrix, vector)
                dense += [(self.ids[i], float(cosine[i])) for i in _top(cosine, self.ids, pool)]
        terms = list(dict.fromkeys(analyze(query.text)))
        lexical: list[tuple[str, float]] = []
        if lexical_pool and terms:
            bm25: Scores = np.zeros(len(self.ids))
            for name, boost in preset.fields.items():
                bm25 += boost * self.fields[name].scores(terms)
            lexical = [(self.ids[i], float(bm25[i])) for i in _top(bm25, self.ids, lexical_pool)]
        return fuse_search(dense, lexical, self.facts, query, preset, pools, limit)

    def spread(
        self, query: RecallQuery, found: Sequence[Candidate], preset: RecallPreset
    ) -> Activation:
        """recall/spread_activation over the arrays: seeds, then personalized PageRank."""
        seeds = found[: preset.seeds]
        match: dict[int, float] = {}
        for key in query.entity_keys:
            if key in self.entity_index:
                match[self.entity_index[key]] = 1.0
        vector = np.asarray(query.embedding, dtype=np.float32)
        vector /= np.linalg.norm(vector) or 1.0
        similarity = _cosine_scores(self.entity_vectors, vector)
        for i in _top(similarity, self.entity_ids, preset.entity_pool):
            if similarity[i] >= preset.entity_min_similarity:
                match[i] = max(match.get(i, 0.0), float(similarity[i]))
        terms = list(dict.fromkeys(analyze(query.text)))
        if terms and preset.entity_pool:
            names = self.entity_names.scores(terms)
            by_name = _top(names, self.entity_ids, preset.entity_pool)
            for i in by_name:
                match[i] = max(match.get(i, 0.0), float(names[i] / names[by_name[0]]))
        entities = {i: m / self.entity_sessions[i] for i, m in match.items()
                    if preset.entity_share > 0 and self.projected[i]}  # fmt: skip
        edu_total = sum(c.score for c in seeds)
        entity_total = sum(entities.values())
        edu_mass = (1.0 if entity_total == 0 else 0.0 if edu_total == 0
                    else 1.0 - preset.entity_share)  # fmt: skip
        bias = np.zeros(len(self.node_names))
        for c in seeds:
            bias[self.node[f"EDU:{c.id}"]] += edu_mass * c.score / edu_total
        for i, weight in entities.items():
            bias[self.node[f"Entity:{self.entity_ids[i]}"]] += (
                (1.0 - edu_mass) * weight / entity_total
            )
        scores = self._pagerank(bias, preset)
        ranked = _top(scores, np.array(self.node_names, dtype=object), 4 * ACTIVATION_POOL)
        activated = []
        for n in ranked:
            label, edu = self.node_names[n].split(":", 1)
            if label != "EDU":
                continue
            i = self.facts.row[edu]
            weight = (preset.question_weight if self.facts.asks[i] else 1.0) * (
                preset.dated_weight_for(query.asks_when) if self.facts.dated[i] else 1.0
            )
            activated.append((edu, float(scores[n] * weight)))
        activated.sort(key=lambda a: (-a[1], a[0]))
        named = [(str(self.entity_ids[i]), w) for i, w in entities.items()]
        return Activation(
            edus=tuple(activated[:ACTIVATION_POOL]),
            entity_seeds=tuple(
                EntitySeed(
                    id=e, name=self.names[e], weight=float((1.0 - edu_mass) * w / entity_total)
                )
                for e, w in named
            ),
            edu_seeds=tuple(c.id for c in seeds),
        )

    def _pagerank(self, bias: Scores, preset: RecallPreset) -> Scores:
        """GDS's weighted PageRank: rank = (1 - d) bias + d Σ rank(u) w(u, v) / out(u)."""
        chosen = np.isin(self.arc_types, preset.relationship_types)
        source, target = self.arc_source[chosen], self.arc_target[chosen]
        weight = self.arc_weight[chosen]
        out = np.bincount(source, weights=weight, minlength=len(bias))
        share = weight / np.where(out[source] == 0, 1.0, out[source])
        restart = (1.0 - preset.damping) * bias
        rank = restart.copy()
        # GDS counts its first pass, the restart alone, as one of maxIterations: with 10 the
        # extra update here stayed within the test's 5%, with 7 it did not.
        for _ in range(preset.iterations - 1):
            moved = restart + preset.damping * np.bincount(
                target, weights=rank[source] * share, minlength=len(bias)
            )
            done = np.abs(moved - rank).max() < TOLERANCE
            rank = moved
            if done:
                break
        return rank

    def details(
        self, ranked: Sequence[tuple[str, float]], k: int, activation: Activation
    ) -> list[FloorHit]:
        """recall/get_edus without filters: the top ``k`` with turns and a path to a seed."""
        seeds = set(activation.edu_seeds)
        entity_seeds = {s.id for s in activation.entity_seeds}
        hits = []
        for edu, score in ranked[:k]:
            hits.append(FloorHit(edu, score, self.turns[edu], self._path(edu, seeds, entity_seeds)))
        return hits

    def _path(self, edu: str, seeds: set[str], entity_seeds: set[str]) -> tuple[str, ...]:
        if edu in seeds:
            return (edu,)
        mentioned = self.mentions.get(edu, set())
        for entity in sorted(mentioned & entity_seeds):
            return (edu, entity)
        for entity in sorted(mentioned):
            for other in sorted(self.similar.get(entity, set()) & entity_seeds):
                return (edu, entity, other)
        for entity in sorted(mentioned, key=self._sessions_of):  # the least common first
            for other in sorted(self.mentioned_by.get(entity, set()) & seeds):
                return (edu, entity, other)
        return ()

    def _sessions_of(self, entity: str) -> float:
        row = self.entity_index.get(entity)
        return float(self.entity_sessions[row]) if row is not None else 1.0

    def recall(self, query: RecallQuery, preset: RecallPreset, k: int) -> list[FloorHit]:
        """The engine's recall, in memory."""
        found = self.search(query, preset, k)
        activation = Activation()
        if preset.seeds and found:
            activation = self.spread(query, found, preset)
        ranked = order(Gathered(self.lexical, found, activation), query, preset)
        return self.details(ranked, k, activation)
