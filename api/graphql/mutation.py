"""Writing memory: ingestion and administration, and the export job. Every field checks that
the caller's key may write the scope before anything is written (an export, that it may read)."""

from typing import Annotated

import strawberry

from hippograph.api.graphql.errors import Problem, answer
from hippograph.api.graphql.inputs import SessionInput
from hippograph.api.graphql.jobs import Job, SessionOutcome
from hippograph.api.graphql.types import Ctx, Deleted, ScenesBuilt
from hippograph.graph.errors import NotFoundError
from hippograph.graph.gds.scenes import build_scenes
from hippograph.graph.model import OnConflict
from hippograph.graph.store import list_scopes

Conflict = Annotated[
    OnConflict,
    strawberry.argument(
        description="when the scope holds this session with other content; default REPLACE"
    ),
]
REPLACE = OnConflict.REPLACE

IngestSessionResult = Annotated[SessionOutcome | Problem, strawberry.union("IngestSessionResult")]
IngestSessionsResult = Annotated[Job | Problem, strawberry.union("IngestSessionsResult")]
ExportScopeResult = Annotated[Job | Problem, strawberry.union("ExportScopeResult")]
ReembedScopeResult = Annotated[Job | Problem, strawberry.union("ReembedScopeResult")]
BuildScenesResult = Annotated[ScenesBuilt | Problem, strawberry.union("BuildScenesResult")]
DeleteResult = Annotated[Deleted | Problem, strawberry.union("DeleteResult")]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Store one session now (an unchanged one is skipped). When the scope holds "
        "the session's (conversation, id) with other content, onConflict decides: REPLACE "
        "(answers REPLACED), SKIP (answers SKIPPED, keeps the stored one) or FAIL (ConflictError)."
    )
    async def ingest_session(
        self, info: Ctx, scope: str, session: SessionInput, on_conflict: Conflict = REPLACE
    ) -> IngestSessionResult:
        async def work() -> SessionOutcome:
            writable = info.context.writable(scope)
            ingestion = info.context.memory.ingestion
            record = session.to_record()
            return SessionOutcome.of(await ingestion.ingest_one(writable, record, on_conflict))

        return await answer(work)

    @strawberry.mutation(
        description="Store a batch in the background: answers a job at once; "
        "poll job(id) for progress and per-session outcomes (onConflict as in ingestSession; "
        "FAIL marks that session FAILED with errorCode CONFLICT)."
    )
    async def ingest_sessions(
        self, info: Ctx, scope: str, sessions: list[SessionInput], on_conflict: Conflict = REPLACE
    ) -> IngestSessionsResult:
        async def work() -> Job:
            writable = info.context.writable(scope)
            ingestion = info.context.memory.ingestion
            records = [s.to_record() for s in sessions]
            return Job.of(await ingestion.start(writable, records, on_conflict))

        return await answer(work)

    @strawberry.mutation(
        description="Export a scope's sessions as hippograph JSONL in the background: answers "
        "a job at once; poll job(id) until DONE and read its export (needs read access)."
    )
    async def export_scope(self, info: Ctx, scope: str) -> ExportScopeResult:
        async def work() -> Job:
            readable = info.context.readable(scope)
            return Job.of(await info.context.memory.exports.start(readable))

        return await answer(work)

    @strawberry.mutation(
        description="Re-embed a scope with this server's embedding model in the background "
        "(after the model changed): answers a job at once; poll job(id), whose done/total count "
        "EDUs. Resumable and idempotent: once done, running it again changes nothing."
    )
    async def reembed_scope(self, info: Ctx, scope: str) -> ReembedScopeResult:
        async def work() -> Job:
            writable = info.context.writable(scope)
            return Job.of(await info.context.memory.ingestion.start_reembed(writable))

        return await answer(work)

    @strawberry.mutation(description="Rebuild the scope's Leiden scenes and personas.")
    async def build_scenes(self, info: Ctx, scope: str) -> BuildScenesResult:
        async def work() -> ScenesBuilt:
            writable = info.context.writable(scope)
            memory = info.context.memory
            if writable not in await list_scopes(memory.driver, memory.database):
                raise NotFoundError(f"scope {writable!r} holds no sessions")
            async with memory.ingestion.writing(writable):
                report = await build_scenes(memory.driver, memory.neo4j, writable)
                await memory.catalog.make_room(memory.driver, memory.database, writable)
            rewritten = 0
            if memory.summarizer:
                rewritten = await memory.summarizer.rewrite_scope(
                    memory.driver, memory.database, writable
                )
            return ScenesBuilt.of(report, rewritten)

        return await answer(work)

    @strawberry.mutation(description="Delete one session and what only it held.")
    async def delete_session(self, info: Ctx, scope: str, id: strawberry.ID) -> DeleteResult:
        async def work() -> Deleted:
            writable = info.context.writable(scope)
            if not await info.context.memory.ingestion.delete_session(writable, str(id)):
                raise NotFoundError(f"no session {str(id)[:80]!r} in scope {writable!r}")
            return Deleted(scope=writable, session_id=str(id))

        return await answer(work)

    @strawberry.mutation(
        description="Delete a whole scope: sessions, EDUs, entities, scenes, "
        "jobs and its GDS projections."
    )
    async def delete_scope(self, info: Ctx, scope: str) -> DeleteResult:
        async def work() -> Deleted:
            writable = info.context.writable(scope)
            if not await info.context.memory.ingestion.delete_scope(writable):
                raise NotFoundError(f"scope {writable!r} holds no sessions")
            return Deleted(scope=writable, session_id=None)

        return await answer(work)
