"""Jobs, stored as ``Job`` nodes so that every API worker can report any job's progress.

A job belongs to a scope (deleting the scope deletes its jobs). An ingest job records one
outcome per session: pending, stored, unchanged or failed (with the reason); an export job
keeps its result, the scope as hippograph JSONL, for any worker to hand out.
"""

import json
import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from neo4j import AsyncDriver
from pydantic import Field

from hippograph.graph.cypher import execute, native_row
from hippograph.graph.errors import NotFoundError
from hippograph.graph.model import Frozen


class JobState(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobKind(StrEnum):
    INGEST = "ingest"
    EXPORT = "export"
    REEMBED = "reembed"  # a scope's vectors made again by another model (ingest/reembed.py)


class OutcomeStatus(StrEnum):
    PENDING = "pending"
    STORED = "stored"
    REPLACED = "replaced"  # stored in place of a session with the same identity and other content
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"  # not stored: one with the same identity and other content was kept
    FAILED = "failed"


class SessionOutcome(Frozen):
    session_id: str = Field(description="the stored id (conversation/session)")
    status: OutcomeStatus = OutcomeStatus.PENDING
    turns: int = 0
    edus: int = 0
    error_code: str | None = None
    error: str | None = None


class Job(Frozen):
    id: str
    scope: str
    kind: JobKind = JobKind.INGEST
    state: JobState
    total: int
    done: int = 0
    turns: int = 0
    edus: int = 0
    outcomes: tuple[SessionOutcome, ...] = ()
    error: str | None = None
    result: str | None = Field(default=None, description="an export's JSONL, once done")
    created_at: datetime
    finished_at: datetime | None = None
    owner: str | None = Field(default=None, description="the process running it: host:pid:run")


def new_job(
    scope: str,
    outcomes: list[SessionOutcome],
    owner: str | None = None,
    kind: JobKind = JobKind.INGEST,
) -> Job:
    return Job(
        id=f"job-{uuid.uuid4().hex}",
        scope=scope,
        kind=kind,
        state=JobState.PENDING,
        total=len(outcomes),
        outcomes=tuple(outcomes),
        created_at=datetime.now(UTC),
        owner=owner,
    )


def _outcomes(job: Job) -> str:
    return json.dumps([o.model_dump(mode="json") for o in job.outcomes])


async def _run(driver: AsyncDriver, database: str, name: str, values: dict[str, Any]) -> None:
    await execute(driver, database, name, values)


async def create_job(driver: AsyncDriver, database: str, job: Job) -> None:
    await _run(
        driver,
        database,
        "jobs/create_job",
        {
            "id": job.id,
            "scope": job.scope,
            "kind": job.kind.value,
            "total": job.total,
            "outcomes": _outcomes(job),
            "created_at": job.created_at,
            "owner": job.owner,
        },
    )


async def save_job(driver: AsyncDriver, database: str, job: Job) -> None:
    await _run(
        driver,
        database,
        "jobs/update_job",
        {
            "id": job.id,
            "state": job.state.value,
            "total": job.total,
            "done": job.done,
            "turns": job.turns,
            "edus": job.edus,
            "outcomes": _outcomes(job),
            "error": job.error,
            "result": job.result,
            "finished_at": job.finished_at,
        },
    )


async def get_job(driver: AsyncDriver, database: str, job_id: str) -> Job:
    records = await execute(driver, database, "jobs/get_job", {"id": job_id}, read=True)
    if not records:
        raise NotFoundError(f"no job {job_id!r}")
    row = native_row(records[0]["job"])
    return Job.model_validate(row | {"outcomes": json.loads(row["outcomes"] or "[]")})


async def unfinished_jobs(driver: AsyncDriver, database: str) -> list[tuple[str, str | None]]:
    """(id, owner) of every job still pending or running, oldest first."""
    records = await execute(driver, database, "jobs/list_unfinished_jobs")
    return [(r["id"], r["owner"]) for r in records]
