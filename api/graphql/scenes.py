"""Scenes and personas: Leiden's communities of EDUs at several levels, and what each speaker
said of themselves; building them again on request."""

from datetime import date
from typing import Annotated

import strawberry

from hippograph.api.graphql.browse import EDU, Count, edu_page
from hippograph.api.graphql.context import Ctx, Resources
from hippograph.api.graphql.pagination import (
    DEFAULT_PAGE,
    After,
    Connection,
    First,
    Page,
    scope_page,
)
from hippograph.api.graphql.problems import Problem, answered, answered_mutation
from hippograph.graph import model as m
from hippograph.graph.errors import NotFoundError
from hippograph.graph.gds.scenes import SceneReport, build_scenes, get_persona, list_scenes
from hippograph.graph.store import list_scopes


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
        return await edu_page(
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
class SceneConnection(Connection[Scene]):
    pass


ScenesResult = Annotated[SceneConnection | Problem, strawberry.union("ScenesResult")]
PersonaResult = Annotated[Persona | Problem, strawberry.union("PersonaResult")]
BuildScenesResult = Annotated[ScenesBuilt | Problem, strawberry.union("BuildScenesResult")]


@strawberry.type
class SceneQueries:
    @answered("Leiden scenes, finest level and largest first.")
    async def scenes(
        self,
        info: Ctx,
        scope: str,
        level: int | None = None,
        first: First = DEFAULT_PAGE,
        after: After = None,
    ) -> ScenesResult:
        async def read(res: Resources, readable: str, page: Page) -> list[Scene]:
            found = await list_scenes(
                res.driver, res.database, readable, level, page.fetch, page.skip
            )
            return [Scene.of(readable, s) for s in found]

        return await scope_page(info, scope, first, after, read, SceneConnection)

    @answered("What one speaker said of themselves, gathered.")
    async def persona(self, info: Ctx, scope: str, speaker: str) -> PersonaResult:
        readable = info.context.readable(scope)
        res = info.context.resources
        return Persona.of(readable, await get_persona(res.driver, res.database, readable, speaker))


@strawberry.type
class SceneMutations:
    @answered_mutation("Rebuild the scope's Leiden scenes and personas.")
    async def build_scenes(self, info: Ctx, scope: str) -> BuildScenesResult:
        writable = info.context.writable(scope)
        res = info.context.resources
        if writable not in await list_scopes(res.driver, res.database):
            raise NotFoundError(f"scope {writable!r} holds no sessions")
        async with res.ingestion.writing(writable):
            report = await build_scenes(res.driver, res.neo4j, writable)
            await res.catalog.make_room(res.driver, res.database, writable)
        rewritten = 0
        if res.summarizer:
            rewritten = await res.summarizer.rewrite_scope(res.driver, res.database, writable)
        return ScenesBuilt.of(report, rewritten)
