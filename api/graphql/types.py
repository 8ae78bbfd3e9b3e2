"""The memory as GraphQL types: sessions, turns, EDUs, entities, scenes, personas, recall hits.

Each type keeps the scope it was read from, so its nested lists resolve through the request's
dataloaders (one statement per kind of list, whatever the number of parents).
"""

from datetime import date, datetime
from typing import Annotated

import strawberry
from strawberry import Info

from hippograph.api.graphql.context import Context
from hippograph.api.graphql.pagination import DEFAULT_PAGE, Connection, connection, page_of
from hippograph.graph import browse
from hippograph.graph import model as m
from hippograph.graph.browse import PageKey
from hippograph.graph.gds.scenes import SceneReport
from hippograph.graph.recall import model as r
from hippograph.graph.recall.related import Related as RelatedModel

# Registered as GraphQL enums (strawberry marks the classes themselves).
strawberry.enum(r.RecallMode, description="How recall ranks EDUs.")
strawberry.enum(m.EntityType)
strawberry.enum(m.MentionRole)
strawberry.enum(m.Granularity)
After = Annotated[str | None, strawberry.argument(description="the cursor to continue after")]
First = Annotated[int, strawberry.argument(description="page size")]
Ctx = Info[Context, None]


@strawberry.type
class Turn:
    id: strawberry.ID
    source_id: str = strawberry.field(description="the turn's id in the source data")
    speaker: str
    text: str
    image_caption: str | None
    position: int

    @classmethod
    def of(cls, turn: r.SourceTurn) -> "Turn":
        return cls(
            id=strawberry.ID(turn.id),
            source_id=turn.source_id,
            speaker=turn.speaker,
            text=turn.text,
            image_caption=turn.image_caption,
            position=turn.position,
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
        return await _edu_page(
            info, info.context.loaders.entity_edus, self.scope, self.id, first, after
        )

    @strawberry.field(description="EDUs that mention it per month (name: YYYY-MM), oldest first.")
    async def timeline(self, info: Ctx) -> list["Count"]:
        months = await info.context.loaders.entity_months.load((self.scope, str(self.id)))
        return [Count(name=month, count=edus) for month, edus in months]

    @strawberry.field(description="Entities mentioned in the same EDUs, or similar in name.")
    async def neighbours(
        self, info: Ctx, first: First = DEFAULT_PAGE, after: After = None
    ) -> Connection["Neighbour"]:
        page = page_of(first, after, info.context.memory.limits.max_page)
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

    @classmethod
    def of(cls, scope: str, edu: r.StoredEDU) -> "EDU":
        when = edu.date
        return cls(
            scope=scope,
            id=strawberry.ID(edu.id),
            text=edu.text,
            speakers=list(edu.speakers),
            session_id=edu.session_id,
            session_date=edu.session_date,
            date=EventDate(
                start=when.start,
                end=when.end,
                granularity=when.granularity,
                expression=when.expression,
            )
            if when
            else None,
            turns=[Turn.of(t) for t in edu.turns],
            context_turns=[Turn.of(t) for t in edu.context_turns],
            scene=SceneRef(
                id=strawberry.ID(edu.scene.id), level=edu.scene.level, summary=edu.scene.summary
            )
            if edu.scene
            else None,
        )

    @strawberry.field(description="The entities it mentions.")
    async def entities(self, info: Ctx) -> list[MentionedEntity]:
        found = await info.context.loaders.edu_entities.load((self.scope, str(self.id)))
        return [MentionedEntity(entity=Entity.of(x.entity), role=x.role) for x in found]


async def _edu_page(
    info: Ctx, ids_loader: object, scope: str, parent: str, first: int, after: str | None
) -> Connection[EDU]:
    page = page_of(first, after, info.context.memory.limits.max_page)
    ids: list[str] = await ids_loader.load((scope, PageKey(str(parent), page.skip, page.fetch)))  # type: ignore[attr-defined]
    found = await info.context.loaders.edus.load_many([(scope, i) for i in ids])
    return connection([EDU.of(scope, e) for e in found if e is not None], page)


@strawberry.type
class Session:
    scope: str
    id: strawberry.ID
    conversation: str | None
    source_id: str | None
    started_at: datetime | None
    turn_count: int
    edu_count: int

    @classmethod
    def of(cls, scope: str, s: browse.SessionSummary) -> "Session":
        return cls(
            scope=scope,
            id=strawberry.ID(s.id),
            conversation=s.conversation,
            source_id=s.source_id,
            started_at=s.started_at,
            turn_count=s.turn_count,
            edu_count=s.edu_count,
        )

    @strawberry.field(description="Its turns in order.")
    async def turns(
        self, info: Ctx, first: First = DEFAULT_PAGE, after: After = None
    ) -> Connection[Turn]:
        page = page_of(first, after, info.context.memory.limits.max_page)
        found = await info.context.loaders.session_turns.load(
            (self.scope, PageKey(str(self.id), page.skip, page.fetch))
        )
        return connection([Turn.of(t) for t in found], page)

    @strawberry.field(description="Its EDUs in the order of their turns.")
    async def edus(
        self, info: Ctx, first: First = DEFAULT_PAGE, after: After = None
    ) -> Connection[EDU]:
        return await _edu_page(
            info, info.context.loaders.session_edus, self.scope, self.id, first, after
        )


@strawberry.type
class Scene:
    scope: str
    id: strawberry.ID
    level: int = strawberry.field(description="0 is the finest")
    size: int
    sessions: int
    start: date | None
    end: date | None
    top_entities: list[str]
    summary: str
    summarized_by: str
    parent_id: str | None

    @classmethod
    def of(cls, scope: str, s: m.Scene) -> "Scene":
        return cls(
            scope=scope,
            id=strawberry.ID(s.id),
            level=s.level,
            size=s.size,
            sessions=s.sessions,
            start=s.start,
            end=s.end,
            top_entities=list(s.top_entities),
            summary=s.summary,
            summarized_by=s.summarized_by,
            parent_id=s.parent_id,
        )

    @strawberry.field(description="Its EDUs, and those of the scenes below it, oldest first.")
    async def members(
        self, info: Ctx, first: First = DEFAULT_PAGE, after: After = None
    ) -> Connection[EDU]:
        return await _edu_page(
            info, info.context.loaders.scene_edus, self.scope, self.id, first, after
        )


@strawberry.type
class Persona:
    id: strawberry.ID
    name: str
    statements: int
    sessions: int
    themes: list[str]
    summary: str
    summarized_by: str
    scenes: list[Scene] = strawberry.field(description="its dominant scenes")
    facts: list[str] = strawberry.field(description="what it said of itself")

    @classmethod
    def of(cls, scope: str, p: m.Persona) -> "Persona":
        return cls(
            id=strawberry.ID(p.id),
            name=p.name,
            statements=p.statements,
            sessions=p.sessions,
            themes=list(p.themes),
            summary=p.summary,
            summarized_by=p.summarized_by,
            scenes=[Scene.of(scope, s) for s in p.scenes],
            facts=list(p.facts),
        )


@strawberry.type
class PathStep:
    kind: str
    id: strawberry.ID
    name: str


@strawberry.type
class Explanation:
    mode: r.RecallMode
    dense_rank: int | None
    dense_score: float | None
    lexical_rank: int | None
    lexical_score: float | None
    matched_terms: list[str]
    activation_rank: int | None
    activation_score: float | None
    path: list[PathStep] = strawberry.field(description="from the hit back to its seed")
    summary: str = strawberry.field(description="the same, in words")

    @classmethod
    def of(cls, x: r.Explanation) -> "Explanation":
        return cls(
            mode=x.mode,
            dense_rank=x.dense_rank,
            dense_score=x.dense_score,
            lexical_rank=x.lexical_rank,
            lexical_score=x.lexical_score,
            matched_terms=list(x.matched_terms),
            activation_rank=x.activation_rank,
            activation_score=x.activation_score,
            path=[PathStep(kind=p.kind, id=strawberry.ID(p.id), name=p.name) for p in x.path],
            summary=x.summary,
        )

    @strawberry.field(description="The seed the activation came from (the path's end).")
    def seed(self) -> PathStep | None:
        return self.path[-1] if self.path else None


@strawberry.type
class RecallHit:
    rank: int
    score: float
    edu: EDU
    explanation: Explanation


@strawberry.type
class Recall:
    scope: str
    question: str
    resolved: str = strawberry.field(description="the question with its dates made absolute")
    mode: r.RecallMode
    entity_keys: list[str] = strawberry.field(description="entities the question names")
    hits: list[RecallHit] = strawberry.field(description="best first; at most k")


@strawberry.type
class RelatedEntity:
    id: strawberry.ID
    name: str
    type: str
    score: float


@strawberry.type
class RelatedEDU:
    id: strawberry.ID
    text: str
    session_id: str
    score: float


@strawberry.type
class Related:
    id: strawberry.ID
    name: str
    type: str
    entities: list[RelatedEntity] = strawberry.field(description="most activated first")
    edus: list[RelatedEDU] = strawberry.field(description="most activated first")

    @classmethod
    def of(cls, x: RelatedModel) -> "Related":
        return cls(
            id=strawberry.ID(x.id),
            name=x.name,
            type=x.type,
            entities=[
                RelatedEntity(id=strawberry.ID(e.id), name=e.name, type=e.type, score=e.score)
                for e in x.entities
            ],
            edus=[
                RelatedEDU(id=strawberry.ID(e.id), text=e.text, session_id=e.session, score=e.score)
                for e in x.edus
            ],
        )


@strawberry.type
class Scope:
    id: str
    session_count: int


@strawberry.type
class Count:
    name: str
    count: int


@strawberry.type
class Stats:
    scope: str
    sessions: int
    turns: int
    edus: int
    entities: int
    scenes: int
    personas: int
    nodes: list[Count] = strawberry.field(description="nodes per label")
    relationships: list[Count] = strawberry.field(description="relationships per type")

    @classmethod
    def of(cls, scope: str, found: dict[str, dict[str, int]]) -> "Stats":
        nodes = found["nodes"]
        return cls(
            scope=scope,
            sessions=nodes.get("Session", 0),
            turns=nodes.get("Turn", 0),
            edus=nodes.get("EDU", 0),
            entities=nodes.get("Entity", 0),
            scenes=nodes.get("Scene", 0),
            personas=nodes.get("Persona", 0),
            nodes=[Count(name=k, count=v) for k, v in sorted(nodes.items())],
            relationships=[
                Count(name=k, count=v) for k, v in sorted(found["relationships"].items())
            ],
        )


@strawberry.type
class ScenesBuilt:
    scope: str
    scenes: int
    scenes_per_level: list[Count] = strawberry.field(description="name is the level")
    personas: int
    llm_summaries: int
    seconds: float

    @classmethod
    def of(cls, report: SceneReport, summaries: int) -> "ScenesBuilt":
        return cls(
            scope=report.scope,
            scenes=report.scenes,
            scenes_per_level=[
                Count(name=str(k), count=v) for k, v in sorted(report.scenes_per_level.items())
            ],
            personas=report.personas,
            llm_summaries=summaries,
            seconds=round(sum(report.seconds.values()), 3),
        )


@strawberry.type
class Deleted:
    scope: str
    session_id: str | None = strawberry.field(description="null when the whole scope went")
