"""Spreading activation: personalized PageRank in GDS from what a question directly matches.

Seeds are the best EDUs of the index search, weighted by their fused score, and the entities
the question names: by normalized key (match 1.0), by name in the scope's own BM25 (score /
the best score, graph/recall/lexical.py) and by name embedding (cosine, at least
``entity_min_similarity``), each divided by the number of sessions the entity occurs in.
Entities get ``entity_share`` of the restart mass, EDUs the rest. PageRank runs on the scope's
warm projection (graph/gds/projection.py), named by the scope's Projection node in the same
statement (one round trip), over the preset's relationship types; the EDUs it activates most
come back with their scores.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from neo4j import AsyncDriver, Record
from neo4j.exceptions import ClientError

from hippograph.graph.cypher import load_query
from hippograph.graph.gds.catalog import WarmCatalog
from hippograph.graph.gds.projection import refresh_projection
from hippograph.graph.recall.lexical import LexicalIndex
from hippograph.graph.recall.model import Candidate, RecallQuery
from hippograph.graph.recall.presets import RecallPreset

# Activated EDUs to fuse with the search ranking: as deep as the search's own pool.
ACTIVATION_POOL = 100


@dataclass(frozen=True)
class EntitySeed:
    id: str
    name: str
    weight: float


@dataclass(frozen=True)
class Activation:
    edus: Sequence[tuple[str, float]] = ()
    entity_seeds: Sequence[EntitySeed] = ()
    edu_seeds: Sequence[str] = field(default_factory=tuple)


async def spread_activation(
    driver: AsyncDriver,
    database: str,
    scope: str,
    query: RecallQuery,
    found: Sequence[Candidate],
    preset: RecallPreset,
    catalog: WarmCatalog | None = None,
    lexical: LexicalIndex | None = None,
) -> Activation:
    """PageRank from the seeds of ``found`` and ``query``; a missing projection is built, within
    ``catalog``'s budget when there is one."""
    seeds = found[: preset.seeds]
    if catalog:
        catalog.touch(scope)
    values = {
        "scope": scope,
        "edu_seeds": [{"id": c.id, "weight": c.score} for c in seeds],
        "entity_keys": list(query.entity_keys),
        "named": _named(query, preset, lexical),
        "embedding": list(query.embedding),
        "entity_pool": preset.entity_pool,
        "entity_min_similarity": preset.entity_min_similarity,
        "entity_share": preset.entity_share,
        "damping": preset.damping,
        "iterations": preset.iterations,
        "relationship_types": list(preset.relationship_types),
        "question_weight": preset.question_weight,
        "dated_weight": preset.dated_weight_for(query.asks_when),
        "pool": ACTIVATION_POOL,
    }
    statement = load_query("recall/spread_activation")
    parameters = statement.parameters(values)

    async def spread() -> list[Record]:
        # Not routed to a reader: GDS projections live in the memory of the member that built
        # them, and hippograph builds them on the writer (docs/deploy.md).
        records, _, _ = await driver.execute_query(statement.cypher, parameters, database_=database)
        return records

    try:
        records = await spread()
    except ClientError as error:
        # The generation looked up was dropped in between (two refreshes finished meanwhile),
        # or a seed is newer than it (a refresh after an ingest is still running): project now.
        message = error.message or ""
        if "does not exist" not in message and "do not exist" not in message:
            raise
        records = []
    if not records:
        # No projection in the catalog (a new scope, a server restart): build one, once.
        if catalog:
            await catalog.cold(driver, database, scope)
        else:
            await refresh_projection(driver, database, scope)
        records = await spread()
    if not records:
        return Activation(edu_seeds=tuple(c.id for c in seeds))
    row = records[0]
    return Activation(
        edus=tuple((a["id"], a["score"]) for a in row["activated"]),
        entity_seeds=tuple(EntitySeed(**s) for s in row["entity_seeds"]),
        edu_seeds=tuple(c.id for c in seeds),
    )


def _named(
    query: RecallQuery, preset: RecallPreset, lexical: LexicalIndex | None
) -> list[dict[str, object]]:
    """Entities whose names the question's words match, by the scope's own BM25 (score / the
    best score)."""
    if lexical is None or not preset.entity_pool:
        return []
    found = lexical.search_entities(query.text, preset.entity_pool)
    best = found[0][1] if found else 1.0
    return [{"id": entity, "match": score / best} for entity, score in found]
