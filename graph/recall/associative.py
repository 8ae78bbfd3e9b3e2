"""Spreading activation: personalized PageRank in GDS from what a question directly matches.

Seeds are the best EDUs of the index search, weighted by their fused score, and the entities
the question names: by normalized key (match 1.0), by name in the scope's own BM25 (score /
the best score, graph/recall/lexical.py) and by name embedding (cosine, at least
``entity_min_similarity``), each divided by the number of sessions the entity occurs in.
Entities get ``entity_share`` of the restart mass, EDUs the rest.

PageRank (``recall/spread_activation``) runs over one of two graphs, chosen per recall by the
statement itself, so that the warm path stays one round trip:
- the scope's warm projection (graph/gds/projection.py), while it holds at most the preset's
  ``local_above`` relationships: PageRank iterates over the whole projection, which costs
  little for a conversation and grows with the scope (800 ms at a million EDUs);
- otherwise, or when the scope has no warm projection, a projection of the seeds'
  neighbourhood built for this recall (``recall/project_neighbourhood``; three round trips)
  and dropped after:
  the seeds, their entities, those entities' EDUs (at most ``FANOUT`` each) and all of those
  EDUs' entities. With damping 0.7 nearly all of the mass a seed sends stays within those two
  hops, so the EDUs it activates most are the ones the whole projection activates (top-10
  agreement in docs/performance.md), at a cost that follows the question, not the scope, and
  without a warm projection per scope in the catalog.
The EDUs it activates most come back with their scores.
"""

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver
from neo4j.exceptions import ClientError

from hippograph.graph.cypher import execute
from hippograph.graph.gds.catalog import WarmCatalog
from hippograph.graph.gds.projection import (
    SIMILAR_WEIGHT,
    drop_graph,
    refresh_projection,
)
from hippograph.graph.recall.lexical import LexicalIndex
from hippograph.graph.recall.model import Candidate, RecallQuery
from hippograph.graph.recall.presets import RecallPreset

# Activated EDUs to fuse with the search ranking: as deep as the search's own pool.
ACTIVATION_POOL = 100
# Local propagation takes at most this many EDUs of each entity it reaches: a hub (a speaker,
# a family name) then costs no more than any entity, and what each of its EDUs would receive,
# 1 / its EDUs of the entity's share, is what it is left without.
FANOUT = 50
# Per-question projections: this prefix and a random suffix, outside the warm projections'
# "hippograph-" names, which the catalog's budget counts and evicts (graph/gds/catalog.py).
LOCAL_PREFIX = "recall-local-"


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
    """PageRank from the seeds of ``found`` and ``query``: over the scope's warm projection
    when it is small enough, else over the seeds' neighbourhood; a missing projection the
    preset needs is built, within ``catalog``'s budget when there is one."""
    seeds = found[: preset.seeds]
    if catalog:
        catalog.touch(scope)

    async def spread(graph: str | None = None) -> dict[str, Any]:
        return await _spread(driver, database, scope, query, seeds, preset, lexical, graph)

    try:
        row = await spread()
    except ClientError as error:
        # The generation looked up was dropped in between (two refreshes finished meanwhile),
        # or a seed is newer than it (a refresh after an ingest is still running): project now.
        message = error.message or ""
        if "does not exist" not in message and "do not exist" not in message:
            raise
        row = {"graph": None, "local": False, "stale": False}
    if row["stale"] and catalog:
        catalog.catch_up(driver, database, scope)
    if row["local"]:
        row = await _spread_locally(driver, database, row["edges"], spread)
    elif row["graph"] is None:
        # No projection in the catalog (a new scope, a server restart) and a preset that only
        # propagates over one: build it, once.
        if catalog:
            await catalog.cold(driver, database, scope)
        else:
            await refresh_projection(driver, database, scope)
        row = await spread()
    return Activation(
        edus=tuple((a["id"], a["score"]) for a in row["activated"]),
        entity_seeds=tuple(EntitySeed(**s) for s in row["entity_seeds"]),
        edu_seeds=tuple(c.id for c in seeds),
    )


async def _spread(
    driver: AsyncDriver,
    database: str,
    scope: str,
    query: RecallQuery,
    seeds: Sequence[Candidate],
    preset: RecallPreset,
    lexical: LexicalIndex | None,
    graph: str | None,
) -> dict[str, Any]:
    """One run of recall/spread_activation: over ``graph``, else the scope's warm projection
    (or the neighbourhood's edges, when local propagation is the cheaper)."""
    parameters = {
        "scope": scope,
        "graph": graph,
        "edu_seeds": [{"id": c.id, "weight": c.score} for c in seeds],
        "entity_keys": list(query.entity_keys),
        "named": _named(query, preset, lexical),
        "embedding": list(query.embedding),
        "entity_pool": preset.entity_pool,
        "entity_min_similarity": preset.entity_min_similarity,
        "entity_share": preset.entity_share,
        "local_above": preset.local_above,
        "fanout": FANOUT,
        "similar_weight": SIMILAR_WEIGHT,
        "relationship_types": list(preset.relationship_types),
        "damping": preset.damping,
        "iterations": preset.iterations,
        "question_weight": preset.question_weight,
        "dated_weight": preset.dated_weight_for(query.asks_when),
        "pool": ACTIVATION_POOL,
    }
    # Not routed to a reader: GDS projections live in the memory of the member that built
    # them, and hippograph builds them on the writer (docs/deploy.md).
    records = await execute(driver, database, "recall/spread_activation", parameters)
    return records[0].data()


async def _spread_locally(
    driver: AsyncDriver,
    database: str,
    edges: list[list[Any]],
    spread: Callable[[str], Awaitable[dict[str, Any]]],
) -> dict[str, Any]:
    """``spread`` over a projection of ``edges`` built for it, dropped after (by the statement,
    or here when it failed)."""
    # A name no other recall uses: the projection lives in the server's shared catalog.
    graph = f"{LOCAL_PREFIX}{uuid.uuid4().hex}"
    try:
        await execute(
            driver, database, "recall/project_neighbourhood", {"graph": graph, "edges": edges}
        )
        return await spread(graph)
    except BaseException:
        await drop_graph(driver, database, graph)
        raise


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
