"""Jobs: a batch being stored, a scope being exported or re-embedded, and their per-session
outcomes; polled by id."""

from datetime import datetime
from typing import Annotated

import strawberry

from hippograph.api.graphql.context import Ctx
from hippograph.api.graphql.problems import Problem, answered
from hippograph.graph import jobs
from hippograph.graph.errors import NotFoundError

strawberry.enum(jobs.JobState)
strawberry.enum(jobs.JobKind)
strawberry.enum(jobs.OutcomeStatus)


@strawberry.type
class SessionOutcome:
    session_id: str = strawberry.field(description="the stored id: <conversation>/<id>")
    status: jobs.OutcomeStatus
    turns: int
    edus: int
    error_code: str | None
    error: str | None

    @classmethod
    def of(cls, o: jobs.SessionOutcome) -> "SessionOutcome":
        return cls(
            session_id=o.session_id,
            status=o.status,
            turns=o.turns,
            edus=o.edus,
            error_code=o.error_code,
            error=o.error,
        )


@strawberry.type(
    description="A batch being stored, or a scope being exported; poll job(id) until its state "
    "is DONE or FAILED."
)
class Job:
    id: strawberry.ID
    scope: str
    kind: jobs.JobKind
    state: jobs.JobState
    total: int
    done: int
    turns: int
    edus: int
    outcomes: list[SessionOutcome]
    error: str | None
    export: str | None = strawberry.field(
        description="an export job's result once DONE: the scope's sessions as hippograph JSONL"
    )
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, j: jobs.Job) -> "Job":
        return cls(
            id=strawberry.ID(j.id),
            scope=j.scope,
            kind=j.kind,
            state=j.state,
            total=j.total,
            done=j.done,
            turns=j.turns,
            edus=j.edus,
            outcomes=[SessionOutcome.of(o) for o in j.outcomes],
            error=j.error,
            export=j.result,
            created_at=j.created_at,
            finished_at=j.finished_at,
        )


JobResult = Annotated[Job | Problem, strawberry.union("JobResult")]


@strawberry.type
class JobQueries:
    @answered("An ingest job's progress and per-session outcomes.")
    async def job(self, info: Ctx, id: strawberry.ID) -> JobResult:
        res = info.context.resources
        found = await jobs.get_job(res.driver, res.database, str(id)[:100])
        if not info.context.principal.can_read(found.scope):
            raise NotFoundError(f"no job {str(id)[:100]!r}")  # another key's job stays unseen
        return Job.of(found)
