"""Recall: a prepared query in, ranked EDUs with provenance and explanations out.

Every mode runs the same steps: ``recall/search_vectors`` (the vector searches; none in the
lexical mode) fused with the scope's own BM25 ranking from its in-memory lexical index
(graph/recall/lexical.py, graph/recall/fusion.py); for associative recall
``recall/spread_activation`` (personalized PageRank from the search's best EDUs and the
question's entities, graph/recall/associative.py) and the order of a learned model
(graph/recall/ranker.py); with supersession known, ``supersession/list_framed`` (the
statements of the subject and attribute a question asks of, first) and
``supersession/list_successors`` (what superseded a statement ranks before it,
graph/supersession.py); then ``recall/get_edus`` (filters, the top k, provenance, scene and
seed paths).
"""

from dataclasses import dataclass
from typing import Any

from neo4j import AsyncDriver

from hippograph.graph.cypher import execute, native_row
from hippograph.graph.embedding import check_embedding
from hippograph.graph.fulltext import query_terms
from hippograph.graph.gds.catalog import WarmCatalog
from hippograph.graph.model import check_count
from hippograph.graph.recall.associative import Activation, spread_activation
from hippograph.graph.recall.fusion import fuse_search
from hippograph.graph.recall.lexical import (
    LexicalIndex,
    LexicalIndexes,
    ScopeVersion,
    lexical_index,
    shared_words,
)
from hippograph.graph.recall.model import (
    MAX_K,
    Candidate,
    Explanation,
    PathStep,
    RecallFilters,
    RecallHit,
    RecallQuery,
    StoredEDU,
)
from hippograph.graph.recall.presets import HYBRID, RecallPreset
from hippograph.graph.recall.ranker import learned_ranking, load_ranker
from hippograph.graph.supersession import about_first, valid_first


async def search(
    driver: AsyncDriver,
    database: str,
    scope: str,
    query: RecallQuery,
    preset: RecallPreset,
    limit: int,
    narrowing: bool,
    lexicon: LexicalIndexes | None = None,
) -> tuple[LexicalIndex, list[Candidate]]:
    """The scope's lexical index (kept in ``lexicon``, when given) and the searches of
    ``preset`` fused into one ranking, best first; a question embedded by another model than
    the scope's is refused."""
    pools = preset.pools(limit, narrowing)
    plain_pool, context_pool, lexical_pool = pools
    dense: list[tuple[str, float]] = []
    seen = None
    if plain_pool or context_pool:
        records = await execute(
            driver,
            database,
            "recall/search_vectors",
            {
                "scope": scope,
                "embedding": list(query.embedding),
                "plain_pool": plain_pool,
                "context_pool": context_pool,
            },
            read=True,
        )
        row = records[0]
        dense = [(edu, score) for edu, score in row["plain"] + row["in_context"]]
        seen = ScopeVersion.of(row)
    lexical = await lexical_index(driver, database, scope, lexicon, seen)
    if query.embedded_by:
        check_embedding(scope, lexical.embedding, query.embedded_by)
    words = lexical.search_edus(query.text, preset.fields, lexical_pool) if lexical_pool else []
    return lexical, fuse_search(dense, words, lexical.facts, query, preset, pools, limit)


@dataclass(frozen=True)
class Gathered:
    """What a recall found before ordering it: the scope's lexical index, the search's
    candidates (best first) and the propagation's activation."""

    lexical: LexicalIndex
    found: list[Candidate]
    activation: Activation


async def gather(
    driver: AsyncDriver,
    database: str,
    scope: str,
    query: RecallQuery,
    preset: RecallPreset,
    k: int,
    narrowing: bool = False,
    catalog: WarmCatalog | None = None,
    lexicon: LexicalIndexes | None = None,
) -> Gathered:
    """The searches of ``preset`` and, for associative recall, the propagation from them."""
    lexical, found = await search(driver, database, scope, query, preset, k, narrowing, lexicon)
    activation = Activation()
    if preset.seeds and found:
        activation = await spread_activation(
            driver, database, scope, query, found, preset, catalog, lexical
        )
    return Gathered(lexical, found, activation)


def order(gathered: Gathered, query: RecallQuery, preset: RecallPreset) -> list[tuple[str, float]]:
    """The candidates best first, with their scores: by the preset's learned model, else the
    search and the propagation fused by RRF, else the search alone."""
    found, activation = gathered.found, gathered.activation
    if preset.ranker and found:
        seeds = [(s.id, s.weight) for s in activation.entity_seeds]
        model = load_ranker(preset.ranker)
        return learned_ranking(model, query, found, activation.edus, seeds, gathered.lexical)
    if preset.seeds and found and preset.activation_weight:
        return fuse_rankings(found, activation, preset)
    return [(c.id, c.score) for c in found]


def fuse_rankings(
    found: list[Candidate], activation: Activation, preset: RecallPreset
) -> list[tuple[str, float]]:
    """Search ranking and activation ranking fused by reciprocal rank, best first."""
    scores: dict[str, float] = {}
    for rank, candidate in enumerate(found, 1):
        scores[candidate.id] = 1.0 / (preset.rrf_k + rank)
    for rank, (edu, _) in enumerate(activation.edus, 1):
        scores[edu] = scores.get(edu, 0.0) + preset.activation_weight / (preset.rrf_k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


async def recall(
    driver: AsyncDriver,
    database: str,
    scope: str,
    query: RecallQuery,
    *,
    k: int = 10,
    preset: RecallPreset = HYBRID,
    filters: RecallFilters | None = None,
    catalog: WarmCatalog | None = None,
    lexicon: LexicalIndexes | None = None,
    knows_time: bool = True,
) -> list[RecallHit]:
    """The ``k`` EDUs of ``scope`` that best answer ``query``, best first (projecting, when
    the scope has no projection, within ``catalog``'s budget; keeping lexical indexes in
    ``lexicon``, else building the scope's for this recall). Statements of the subject and
    attribute the question asks of come first; without ``filters.as_of``, a superseded one
    follows the one valid now (``knows_time``; False: neither, recall as it was before
    supersession, for measuring)."""
    check_count("k", k, MAX_K)
    filters = filters or RecallFilters()
    gathered = await gather(
        driver, database, scope, query, preset, k, filters.narrowing, catalog, lexicon
    )
    ranked = order(gathered, query, preset)
    if query.asks_about is not None and knows_time:
        ranked = await about_first(driver, database, scope, ranked, query.asks_about)
    found, activation = gathered.found, gathered.activation
    ids = [edu for edu, _ in ranked]
    if not filters.narrowing:
        # Only filters skip candidates; twice k leaves room for EDUs deleted since the search.
        ids = ids[: 2 * k]
    if filters.as_of is None and knows_time:
        # As of today, what superseded a statement ranks before it (an as-of recall drops
        # what was not valid then instead).
        ranked = await valid_first(driver, database, scope, ranked[: len(ids)])
        ids = [edu for edu, _ in ranked]
    records = await details(driver, database, scope, ids, k, filters, activation)
    scores = dict(ranked)
    searched = {c.id: c for c in found}
    activated = {edu: (rank, score) for rank, (edu, score) in enumerate(activation.edus, 1)}
    terms = query_terms(query.text)
    return [_hit(r, scores, searched, activated, preset, terms) for r in records]


async def details(
    driver: AsyncDriver,
    database: str,
    scope: str,
    ids: list[str],
    k: int,
    filters: RecallFilters | None = None,
    activation: Activation | None = None,
) -> list[dict[str, Any]]:
    """The first ``k`` of ``ids`` (in order) that pass ``filters``, with their provenance and,
    given an activation, their path from its seeds: rows of ``recall/get_edus``, made native."""
    filters = filters or RecallFilters()
    activation = activation or Activation()
    records = await execute(
        driver,
        database,
        "recall/get_edus",
        {
            "scope": scope,
            "ids": ids,
            "k": k,
            "session": filters.session,
            "speaker": filters.speaker,
            "date_from": filters.date_from,
            "date_to": filters.date_to,
            "as_of": filters.as_of,
            "entity_seeds": [seed.id for seed in activation.entity_seeds],
            "edu_seeds": list(activation.edu_seeds),
        },
        read=True,
    )
    return [native_row(r.data()) for r in records]


def _hit(
    row: dict[str, Any],
    scores: dict[str, float],
    searched: dict[str, Candidate],
    activated: dict[str, tuple[int, float]],
    preset: RecallPreset,
    terms: list[str],
) -> RecallHit:
    found = searched.get(row["id"])
    activation_rank, activation_score = activated.get(row["id"], (None, None))
    lexical_rank = found.lexical_rank if found else None
    return RecallHit(
        **StoredEDU.fields_of(row),
        score=scores[row["id"]],
        explanation=Explanation(
            mode=preset.mode,
            dense_rank=found.dense_rank if found else None,
            dense_score=found.dense_score if found else None,
            lexical_rank=lexical_rank,
            lexical_score=found.lexical_score if found else None,
            matched_terms=shared_words(terms, row["text"]) if lexical_rank else (),
            activation_rank=activation_rank,
            activation_score=activation_score,
            path=tuple(PathStep.model_validate(step) for step in row["path"]),
        ),
    )
