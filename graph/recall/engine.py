"""Recall: a prepared query in, ranked EDUs with provenance and explanations out.

One Cypher statement per recall (``recall/search_edus``) runs the index searches, the fusion,
the filters and the provenance look-ups inside Neo4j: one round trip, whatever the mode.
"""

from typing import Any

from neo4j import AsyncDriver

from graph.cypher import load_query
from graph.errors import RecallLimitError
from graph.fulltext import lucene_query, query_terms
from graph.recall.model import (
    MAX_K,
    Explanation,
    RecallFilters,
    RecallHit,
    RecallQuery,
    SourceTurn,
    event_date,
)
from graph.recall.presets import HYBRID, RecallPreset


def _hit(record: dict[str, Any], preset: RecallPreset, terms: set[str]) -> RecallHit:
    row = {key: _native(value) for key, value in record.items()}
    words = set(query_terms(row["text"]))
    return RecallHit(
        id=row["id"],
        score=row["score"],
        text=row["text"],
        speakers=tuple(row["speakers"]),
        session_id=row["session"],
        session_date=row["session_date"],
        date=event_date(row),
        turns=tuple(SourceTurn.model_validate(t) for t in row["turns"]),
        context_turns=tuple(SourceTurn.model_validate(t) for t in row["context"]),
        explanation=Explanation(
            mode=preset.mode,
            dense_rank=row["dense_rank"],
            dense_score=row["dense_score"],
            lexical_rank=row["lexical_rank"],
            lexical_score=row["lexical_score"],
            matched_terms=tuple(t for t in terms if t in words) if row["lexical_rank"] else (),
        ),
    )


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


async def recall(
    driver: AsyncDriver,
    database: str,
    scope: str,
    query: RecallQuery,
    *,
    k: int = 10,
    preset: RecallPreset = HYBRID,
    filters: RecallFilters | None = None,
) -> list[RecallHit]:
    """The ``k`` EDUs of ``scope`` that best answer ``query``, best first."""
    if not 1 <= k <= MAX_K:
        raise RecallLimitError(f"k must be between 1 and {MAX_K}, not {k}")
    filters = filters or RecallFilters()
    plain_pool, context_pool, lexical_pool = preset.pools(k, filters.narrowing)
    lucene = lucene_query(preset.fields, query.text, scope)
    statement = load_query("recall/search_edus")
    records, _, _ = await driver.execute_query(
        statement.cypher,
        statement.parameters(
            {
                "scope": scope,
                "embedding": list(query.embedding),
                "lucene": lucene,
                "plain_pool": plain_pool,
                "context_pool": context_pool,
                "lexical_pool": lexical_pool if lucene else 0,
                "dense_weight": preset.dense_weight,
                "lexical_weight": preset.lexical_weight,
                "rrf_k": preset.rrf_k,
                "k": k,
                "session": filters.session,
                "speaker": filters.speaker,
                "date_from": filters.date_from,
                "date_to": filters.date_to,
            }
        ),
        database_=database,
        routing_="r",
    )
    terms = set(query_terms(query.text))
    return [_hit(r.data(), preset, terms) for r in records]
