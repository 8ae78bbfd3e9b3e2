"""Reading memory: recall, browsing, statistics and job progress. Every field checks that the
caller's key may read the scope before anything is read."""

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar

import strawberry

from hippograph.api.errors import LimitExceededError
from hippograph.api.graphql.context import Memory
from hippograph.api.graphql.errors import Problem, answer
from hippograph.api.graphql.inputs import RecallFiltersInput
from hippograph.api.graphql.jobs import Job
from hippograph.api.graphql.pagination import DEFAULT_PAGE, Connection, Page, connection, page_of
from hippograph.api.graphql.types import (
    EDU,
    After,
    Ctx,
    Entity,
    Explanation,
    First,
    Persona,
    Recall,
    RecallHit,
    Related,
    Scene,
    Scope,
    Session,
    Stats,
)
from hippograph.graph import browse
from hippograph.graph.errors import NotFoundError
from hippograph.graph.gds.scenes import get_persona, list_scenes
from hippograph.graph.jobs import get_job
from hippograph.graph.recall.engine import recall as recall_edus
from hippograph.graph.recall.model import MAX_QUERY_CHARS, RecallMode
from hippograph.graph.recall.presets import PRESETS
from hippograph.graph.recall.related import related as related_to
from hippograph.graph.store import counts, list_scopes


@strawberry.type
class ScopeConnection(Connection[Scope]):
    pass


@strawberry.type
class SessionConnection(Connection[Session]):
    pass


@strawberry.type
class SceneConnection(Connection[Scene]):
    pass


@strawberry.type
class EntityConnection(Connection[Entity]):
    pass


RecallResult = Annotated[Recall | Problem, strawberry.union("RecallResult")]
ScopesResult = Annotated[ScopeConnection | Problem, strawberry.union("ScopesResult")]
SessionsResult = Annotated[SessionConnection | Problem, strawberry.union("SessionsResult")]
EntitiesResult = Annotated[EntityConnection | Problem, strawberry.union("EntitiesResult")]
EDUResult = Annotated[EDU | Problem, strawberry.union("EDUResult")]
EntityResult = Annotated[Entity | Problem, strawberry.union("EntityResult")]
RelatedResult = Annotated[Related | Problem, strawberry.union("RelatedResult")]
ScenesResult = Annotated[SceneConnection | Problem, strawberry.union("ScenesResult")]
PersonaResult = Annotated[Persona | Problem, strawberry.union("PersonaResult")]
StatsResult = Annotated[Stats | Problem, strawberry.union("StatsResult")]
JobResult = Annotated[Job | Problem, strawberry.union("JobResult")]


N = TypeVar("N")
C = TypeVar("C", bound=Connection[Any])


async def _scope_page(
    info: Ctx,
    scope: str,
    first: int,
    after: str | None,
    read: Callable[[Memory, str, Page], Awaitable[list[N]]],
    kind: type[C],
) -> C:
    """One page of a list of a readable scope: ``read`` fetches one more than the page."""
    readable = info.context.readable(scope)
    page = page_of(first, after, info.context.memory.limits.max_page)
    return connection(await read(info.context.memory, readable, page), page, kind)


@strawberry.type
class Query:
    @strawberry.field(
        description="Associative recall: the EDUs that answer a question, ranked "
        "and explained, with their source turns."
    )
    async def recall(
        self,
        info: Ctx,
        scope: str,
        query: str,
        k: int = 10,
        mode: RecallMode = RecallMode.ASSOCIATIVE,
        filters: RecallFiltersInput | None = None,
        reference_time: Annotated[
            datetime | None,
            strawberry.argument(description="when the question is asked ('last week')"),
        ] = None,
    ) -> RecallResult:
        async def work() -> Recall:
            readable = info.context.readable(scope)
            if len(query) > MAX_QUERY_CHARS:
                raise LimitExceededError(
                    f"the query has {len(query)} characters; the limit is {MAX_QUERY_CHARS}",
                    MAX_QUERY_CHARS,
                )
            narrowing = filters.to_model() if filters else None
            memory = info.context.memory
            prepared = await memory.questions.prepare(query, reference_time)
            hits = await recall_edus(
                memory.driver,
                memory.database,
                readable,
                prepared,
                k=k,
                preset=PRESETS[mode.value],
                filters=narrowing,
                catalog=memory.catalog,
                lexicon=memory.lexicon,
            )
            return Recall(
                scope=readable,
                question=query,
                resolved=prepared.text,
                mode=mode,
                entity_keys=list(prepared.entity_keys),
                hits=[
                    RecallHit(
                        rank=i,
                        score=h.score,
                        edu=EDU.of(readable, h),
                        explanation=Explanation.of(h.explanation),
                    )
                    for i, h in enumerate(hits, 1)
                ],
            )

        return await answer(work)

    @strawberry.field(description="The scopes this key may read.")
    async def scopes(
        self, info: Ctx, first: First = DEFAULT_PAGE, after: After = None
    ) -> ScopesResult:
        async def work() -> ScopeConnection:
            page = page_of(first, after, info.context.memory.limits.max_page)
            memory = info.context.memory
            found = await list_scopes(memory.driver, memory.database)
            visible = [
                Scope(id=s, session_count=n)
                for s, n in found.items()
                if info.context.principal.can_read(s)
            ]
            return connection(visible[page.skip : page.skip + page.fetch], page, ScopeConnection)

        return await answer(work)

    @strawberry.field(description="A scope's sessions, oldest first.")
    async def sessions(
        self, info: Ctx, scope: str, first: First = DEFAULT_PAGE, after: After = None
    ) -> SessionsResult:
        async def read(memory: Memory, readable: str, page: Page) -> list[Session]:
            found = await browse.list_sessions(
                memory.driver, memory.database, readable, page.skip, page.fetch
            )
            return [Session.of(readable, s) for s in found]

        return await answer(lambda: _scope_page(info, scope, first, after, read, SessionConnection))

    @strawberry.field(description="One EDU by id, with its provenance.")
    async def edu(self, info: Ctx, scope: str, id: strawberry.ID) -> EDUResult:
        async def work() -> EDU:
            readable = info.context.readable(scope)
            found = await info.context.loaders.edus.load((readable, str(id)))
            if found is None:
                raise NotFoundError(f"no EDU {str(id)[:80]!r} in scope {readable!r}")
            return EDU.of(readable, found)

        return await answer(work)

    @strawberry.field(description="A scope's entities, most mentioned first.")
    async def entities(
        self, info: Ctx, scope: str, first: First = DEFAULT_PAGE, after: After = None
    ) -> EntitiesResult:
        async def read(memory: Memory, readable: str, page: Page) -> list[Entity]:
            found = await browse.list_entities(
                memory.driver, memory.database, readable, page.skip, page.fetch
            )
            return [Entity.of(e) for e in found]

        return await answer(lambda: _scope_page(info, scope, first, after, read, EntityConnection))

    @strawberry.field(description="One entity by id, name or alias (any case).")
    async def entity(self, info: Ctx, scope: str, name: str) -> EntityResult:
        async def work() -> Entity:
            readable = info.context.readable(scope)
            memory = info.context.memory
            return Entity.of(
                await browse.get_entity(memory.driver, memory.database, readable, name)
            )

        return await answer(work)

    @strawberry.field(
        description="Entities and EDUs around an entity, by personalized PageRank from it."
    )
    async def related(self, info: Ctx, scope: str, entity: str, limit: int = 10) -> RelatedResult:
        async def work() -> Related:
            readable = info.context.readable(scope)
            memory = info.context.memory
            return Related.of(
                await related_to(
                    memory.driver, memory.database, readable, entity, limit, memory.catalog
                )
            )

        return await answer(work)

    @strawberry.field(description="Leiden scenes, finest level and largest first.")
    async def scenes(
        self,
        info: Ctx,
        scope: str,
        level: int | None = None,
        first: First = DEFAULT_PAGE,
        after: After = None,
    ) -> ScenesResult:
        async def read(memory: Memory, readable: str, page: Page) -> list[Scene]:
            found = await list_scenes(
                memory.driver, memory.database, readable, level, page.fetch, page.skip
            )
            return [Scene.of(readable, s) for s in found]

        return await answer(lambda: _scope_page(info, scope, first, after, read, SceneConnection))

    @strawberry.field(description="What one speaker said of themselves, gathered.")
    async def persona(self, info: Ctx, scope: str, speaker: str) -> PersonaResult:
        async def work() -> Persona:
            readable = info.context.readable(scope)
            memory = info.context.memory
            found = await get_persona(memory.driver, memory.database, readable, speaker)
            return Persona.of(readable, found)

        return await answer(work)

    @strawberry.field(description="How much a scope holds.")
    async def stats(self, info: Ctx, scope: str) -> StatsResult:
        async def work() -> Stats:
            readable = info.context.readable(scope)
            memory = info.context.memory
            return Stats.of(readable, await counts(memory.driver, memory.database, readable))

        return await answer(work)

    @strawberry.field(description="An ingest job's progress and per-session outcomes.")
    async def job(self, info: Ctx, id: strawberry.ID) -> JobResult:
        async def work() -> Job:
            memory = info.context.memory
            found = await get_job(memory.driver, memory.database, str(id)[:100])
            if not info.context.principal.can_read(found.scope):
                raise NotFoundError(f"no job {str(id)[:100]!r}")  # another key's job stays unseen
            return Job.of(found)

        return await answer(work)
