"""What surrounds one entity: personalized PageRank from it alone, over the warm projection."""

from neo4j import AsyncDriver
from pydantic import Field

from hippograph.graph.cypher import execute
from hippograph.graph.errors import NotFoundError
from hippograph.graph.gds.catalog import WarmCatalog
from hippograph.graph.gds.projection import ENTITY_LINK, warm_projection
from hippograph.graph.model import Frozen, check_count
from hippograph.graph.recall.model import MAX_K
from hippograph.graph.recall.presets import ASSOCIATIVE


class RelatedEntity(Frozen):
    id: str
    name: str
    type: str
    score: float


class RelatedEDU(Frozen):
    id: str
    text: str
    session: str
    score: float


class Related(Frozen):
    id: str
    name: str
    type: str
    entities: tuple[RelatedEntity, ...] = Field(description="most activated first")
    edus: tuple[RelatedEDU, ...] = Field(description="most activated first")


async def related(
    driver: AsyncDriver,
    database: str,
    scope: str,
    entity: str,
    limit: int = 10,
    catalog: WarmCatalog | None = None,
) -> Related:
    """Entities and EDUs around ``entity`` (its id, or its name in any case)."""
    check_count("limit", limit, MAX_K)
    projection = await (
        catalog.warm(driver, database, scope)
        if catalog
        else warm_projection(driver, database, scope)
    )
    records = await execute(
        driver,
        database,
        "recall/get_related",
        {
            "scope": scope,
            "graph": projection.graph,
            "entity": entity,
            "relationship_types": [ENTITY_LINK] if ENTITY_LINK in projection.types else ["*"],
            "damping": ASSOCIATIVE.damping,
            "limit": limit,
        },
        read=True,
    )
    if not records:
        raise NotFoundError(f"no entity {entity!r} in scope {scope!r}")
    return Related.model_validate(records[0].data())
