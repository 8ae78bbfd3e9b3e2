"""Spreading activation: personalized PageRank in GDS from what a question directly matches.

Seeds are the best EDUs of the index search, weighted by their fused score, and the entities
the question names: by normalized key (match 1.0), by name in the fulltext index (score / the
best score) and by name embedding (cosine, at least ``entity_min_similarity``), each divided
by the number of sessions the entity occurs in. Entities get ``entity_share`` of the restart
mass, EDUs the rest. PageRank runs on the scope's warm projection (graph/gds/projection.py)
over the preset's relationship types; the EDUs it activates most come back with their scores.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver, Record
from neo4j.exceptions import ClientError

from graph.cypher import load_query
from graph.fulltext import lucene_query
from graph.gds.projection import ProjectionInfo, refresh_projection, warm_projection
from graph.recall.model import Candidate, RecallQuery
from graph.recall.presets import RecallPreset

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
) -> Activation:
    seeds = found[: preset.seeds]
    values = {
        "scope": scope,
        "edu_seeds": [{"id": c.id, "weight": c.score} for c in seeds],
        "entity_keys": list(query.entity_keys),
        "lucene": lucene_query({"name": 1.0}, query.text, scope),
        "embedding": list(query.embedding),
        "entity_pool": preset.entity_pool,
        "entity_min_similarity": preset.entity_min_similarity,
        "entity_share": preset.entity_share,
        "damping": preset.damping,
        "iterations": preset.iterations,
        "pool": ACTIVATION_POOL,
    }
    projection = await warm_projection(driver, database, scope)
    try:
        records = await _spread(driver, database, values, projection, preset)
    except ClientError as error:
        # The generation we looked up was dropped in between (a refresh, or two, finished
        # meanwhile) or the catalog was cleared: take the newest one and try once more.
        if "does not exist" not in (error.message or ""):
            raise
        projection = await refresh_projection(driver, database, scope)
        records = await _spread(driver, database, values, projection, preset)
    if not records:
        return Activation(edu_seeds=tuple(c.id for c in seeds))
    row = records[0]
    return Activation(
        edus=tuple((a["id"], a["score"]) for a in row["activated"]),
        entity_seeds=tuple(EntitySeed(**s) for s in row["entity_seeds"]),
        edu_seeds=tuple(c.id for c in seeds),
    )


async def _spread(
    driver: AsyncDriver,
    database: str,
    values: dict[str, Any],
    projection: ProjectionInfo,
    preset: RecallPreset,
) -> list[Record]:
    # GDS refuses a relationship type the projection lacks (IN_SCENE before scenes are built).
    types = [t for t in preset.relationship_types if t in projection.types]
    if not types:
        return []
    statement = load_query("recall/spread_activation")
    values = values | {"graph": projection.graph, "relationship_types": types}
    records, _, _ = await driver.execute_query(
        statement.cypher, statement.parameters(values), database_=database, routing_="r"
    )
    return records
