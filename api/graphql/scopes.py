"""Scopes: those a key may read, how much one holds, and deleting a session or a whole scope."""

from typing import Annotated

import strawberry

from hippograph.api.graphql.browse import Count
from hippograph.api.graphql.context import Ctx
from hippograph.api.graphql.pagination import (
    DEFAULT_PAGE,
    After,
    Connection,
    First,
    connection,
    page_of,
)
from hippograph.api.graphql.problems import Problem, answered, answered_mutation
from hippograph.graph.errors import NotFoundError
from hippograph.graph.gds.scenes import SceneStaleness, scene_staleness
from hippograph.graph.store import counts, list_scopes


@strawberry.type
class Scope:
    id: str
    session_count: int


@strawberry.type
class Stats:
    scope: str
    sessions: int
    turns: int
    edus: int
    entities: int
    scenes: int
    personas: int
    edus_without_scene: int = strawberry.field(
        description="EDUs appended after the scenes were built: in no scene until scenes are "
        "built again"
    )
    scenes_stale: bool = strawberry.field(
        description="the scope has scenes and EDUs without one; the server rebuilds them in "
        "the background once enough turns were appended, or call buildScenes"
    )
    nodes: list[Count] = strawberry.field(description="nodes per label")
    relationships: list[Count] = strawberry.field(description="relationships per type")

    @classmethod
    def of(cls, scope: str, found: dict[str, dict[str, int]], lag: SceneStaleness) -> "Stats":
        nodes = found["nodes"]
        return cls(
            edus_without_scene=lag.without_scene,
            scenes_stale=lag.stale,
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
class Deleted:
    scope: str
    session_id: str | None = strawberry.field(description="null when the whole scope went")


@strawberry.type
class ScopeConnection(Connection[Scope]):
    pass


ScopesResult = Annotated[ScopeConnection | Problem, strawberry.union("ScopesResult")]
StatsResult = Annotated[Stats | Problem, strawberry.union("StatsResult")]
DeleteResult = Annotated[Deleted | Problem, strawberry.union("DeleteResult")]


@strawberry.type
class ScopeQueries:
    @answered("The scopes this key may read.")
    async def scopes(
        self, info: Ctx, first: First = DEFAULT_PAGE, after: After = None
    ) -> ScopesResult:
        res = info.context.resources
        page = page_of(first, after, res.limits.max_page)
        found = await list_scopes(res.driver, res.database)
        visible = [
            Scope(id=s, session_count=n)
            for s, n in found.items()
            if info.context.principal.can_read(s)
        ]
        return connection(visible[page.skip : page.skip + page.fetch], page, ScopeConnection)

    @answered("How much a scope holds.")
    async def stats(self, info: Ctx, scope: str) -> StatsResult:
        readable = info.context.readable(scope)
        res = info.context.resources
        found = await counts(res.driver, res.database, readable)
        lag = await scene_staleness(res.driver, res.database, readable)
        return Stats.of(readable, found, lag)


@strawberry.type
class ScopeMutations:
    @answered_mutation("Delete one session and what only it held.")
    async def delete_session(self, info: Ctx, scope: str, id: strawberry.ID) -> DeleteResult:
        writable = info.context.writable(scope)
        if not await info.context.resources.ingestion.delete_session(writable, str(id)):
            raise NotFoundError(f"no session {str(id)[:80]!r} in scope {writable!r}")
        return Deleted(scope=writable, session_id=str(id))

    @answered_mutation(
        "Delete a whole scope: sessions, EDUs, entities, scenes, jobs and its GDS projections."
    )
    async def delete_scope(self, info: Ctx, scope: str) -> DeleteResult:
        writable = info.context.writable(scope)
        if not await info.context.resources.ingestion.delete_scope(writable):
            raise NotFoundError(f"scope {writable!r} holds no sessions")
        return Deleted(scope=writable, session_id=None)
