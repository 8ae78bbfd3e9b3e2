"""Browsing a scope: its sessions, turns, EDUs and entities, each type with the fields that
read them.

Each type keeps the scope it was read from, so its nested lists resolve through the request's
dataloaders (one statement per kind of list, whatever the number of parents).
"""

from datetime import date, datetime
from typing import Annotated, Any

import strawberry

from hippograph.api.graphql.context import Ctx, Resources
from hippograph.api.graphql.history import Supersession
from hippograph.api.graphql.pagination import (
    DEFAULT_PAGE,
    After,
    Connection,
    First,
    Page,
    connection,
    page_of,
    scope_page,
)
from hippograph.api.graphql.problems import Problem, answered
from hippograph.graph import browse
from hippograph.graph import model as m
from hippograph.graph.browse import PageKey
from hippograph.graph.errors import NotFoundError
from hippograph.graph.recall import model as r
from hippograph.graph.recall.model import Day

# Registered as GraphQL enums (strawberry marks the classes themselves).
strawberry.enum(m.EntityType)
strawberry.enum(m.MentionRole)
strawberry.enum(m.Granularity)


@strawberry.type
class Count:
    name: str
    count: int


@strawberry.type
class Turn:
    id: strawberry.ID
    source_id: str = strawberry.field(description="the turn's id in the source data")
    speaker: str
    text: str
    image_caption: str | None
    position: int
    role: m.Role
    timestamp: datetime | None

    @classmethod
    def of(cls, turn: r.SourceTurn) -> "Turn":
        return cls(
            id=strawberry.ID(turn.id),
            source_id=turn.source_id,
            speaker=turn.speaker,
            text=turn.text,
            image_caption=turn.image_caption,
            position=turn.position,
            role=turn.role,
            timestamp=turn.timestamp,
        )


@strawberry.type
class EventDate:
    start: date
    end: date
    granularity: m.Granularity
    expression: str = strawberry.field(description="the words it was resolved from")


@strawberry.type
class SceneRef:
    id: strawberry.ID
    level: int
    summary: str | None


@strawberry.type
class Entity:
    scope: str
    id: strawberry.ID
    name: str
    type: m.EntityType
    aliases: list[str]
    session_count: int
    edu_count: int

    @classmethod
    def of(cls, entity: m.Entity) -> "Entity":
        return cls(
            scope=entity.scope,
            id=strawberry.ID(entity.key),
            name=entity.name,
            type=entity.type,
            aliases=list(entity.aliases),
            session_count=entity.session_count,
            edu_count=entity.edu_count,
        )

    @strawberry.field(description="EDUs that mention it or that it said, oldest first.")
    async def edus(
        self, info: Ctx, first: First = DEFAULT_PAGE, after: After = None
    ) -> Connection["EDU"]:
        return await edu_page(
            info, info.context.loaders.entity_edus, self.scope, self.id, first, after
        )

    @strawberry.field(description="EDUs that mention it per month (name: YYYY-MM), oldest first.")
    async def timeline(self, info: Ctx) -> list[Count]:
        months = await info.context.loaders.entity_months.load((self.scope, str(self.id)))
        return [Count(name=month, count=edus) for month, edus in months]

    @strawberry.field(description="Entities mentioned in the same EDUs, or similar in name.")
    async def neighbours(
        self, info: Ctx, first: First = DEFAULT_PAGE, after: After = None
    ) -> Connection["Neighbour"]:
        page = page_of(first, after, info.context.resources.limits.max_page)
        found = await info.context.loaders.neighbours.load(
            (self.scope, PageKey(str(self.id), page.skip, page.fetch))
        )
        return connection([Neighbour.of(n) for n in found], page)


@strawberry.type
class Neighbour:
    entity: Entity
    shared_edus: int
    similarity: float | None

    @classmethod
    def of(cls, n: browse.Neighbour) -> "Neighbour":
        return cls(entity=Entity.of(n.entity), shared_edus=n.shared_edus, similarity=n.similarity)


@strawberry.type
class MentionedEntity:
    entity: Entity
    role: m.MentionRole


@strawberry.type
class EDU:
    scope: str
    id: strawberry.ID
    text: str
    speakers: list[str]
    session_id: str
    session_date: datetime | None
    date: EventDate | None
    turns: list[Turn] = strawberry.field(description="the turns it states")
    context_turns: list[Turn] = strawberry.field(description="turns it was understood from")
    scene: SceneRef | None
    valid_from: Day | None = strawberry.field(description="its event's day, else the day said")
    valid_to: Day | None = strawberry.field(description="when superseded; null: still valid")
    superseded_by: Supersession | None

    @classmethod
    def of(cls, scope: str, edu: r.StoredEDU) -> "EDU":
        when, scene = edu.date, edu.scene
        return cls(
            scope=scope,
            id=strawberry.ID(edu.id),
            text=edu.text,
            speakers=list(edu.speakers),
            session_id=edu.session_id,
            session_date=edu.session_date,
            date=EventDate(
                start=when.start, end=when.end, granularity=when.granularity,
                expression=when.expression,
            ) if when else None,
            turns=[Turn.of(t) for t in edu.turns],
            context_turns=[Turn.of(t) for t in edu.context_turns],
            scene=SceneRef(
                id=strawberry.ID(scene.id), level=scene.level, summary=scene.summary
            ) if scene else None,
            valid_from=edu.valid_from, valid_to=edu.valid_to,
            superseded_by=Supersession.of(edu.superseded_by),
        )  # fmt: skip

    @strawberry.field(description="The entities it mentions.")
    async def entities(self, info: Ctx) -> list[MentionedEntity]:
        found = await info.context.loaders.edu_entities.load((self.scope, str(self.id)))
        return [MentionedEntity(entity=Entity.of(x.entity), role=x.role) for x in found]


async def edu_page(
    info: Ctx, ids_loader: Any, scope: str, parent: str, first: int, after: str | None
) -> Connection[EDU]:
    """A page of the EDUs that ``ids_loader`` lists for ``parent`` (a session, an entity, a
    scene), read through the request's EDU loader."""
    page = page_of(first, after, info.context.resources.limits.max_page)
    ids: list[str] = await ids_loader.load((scope, PageKey(str(parent), page.skip, page.fetch)))
    found = await info.context.loaders.edus.load_many([(scope, i) for i in ids])
    return connection([EDU.of(scope, e) for e in found if e is not None], page)


@strawberry.type
class EntityConnection(Connection[Entity]):
    pass


EntitiesResult = Annotated[EntityConnection | Problem, strawberry.union("EntitiesResult")]
EDUResult = Annotated[EDU | Problem, strawberry.union("EDUResult")]
EntityResult = Annotated[Entity | Problem, strawberry.union("EntityResult")]


@strawberry.type
class BrowseQueries:
    @answered("One EDU by id, with its provenance.")
    async def edu(self, info: Ctx, scope: str, id: strawberry.ID) -> EDUResult:
        readable = info.context.readable(scope)
        found = await info.context.loaders.edus.load((readable, str(id)))
        if found is None:
            raise NotFoundError(f"no EDU {str(id)[:80]!r} in scope {readable!r}")
        return EDU.of(readable, found)

    @answered("A scope's entities, most mentioned first.")
    async def entities(
        self, info: Ctx, scope: str, first: First = DEFAULT_PAGE, after: After = None
    ) -> EntitiesResult:
        async def read(res: Resources, readable: str, page: Page) -> list[Entity]:
            found = await browse.list_entities(
                res.driver, res.database, readable, page.skip, page.fetch
            )
            return [Entity.of(e) for e in found]

        return await scope_page(info, scope, first, after, read, EntityConnection)

    @answered("One entity by id, name or alias (any case).")
    async def entity(self, info: Ctx, scope: str, name: str) -> EntityResult:
        readable = info.context.readable(scope)
        res = info.context.resources
        return Entity.of(await browse.get_entity(res.driver, res.database, readable, name))
