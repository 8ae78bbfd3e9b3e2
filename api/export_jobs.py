"""Scope exports as jobs (the dashboard's ``exportScope``): the scope read back as hippograph
JSONL in the background, the result kept on the job node so that any worker can hand it out."""

import asyncio
from datetime import UTC, datetime

from neo4j import AsyncDriver

from hippograph.graph.errors import HippographError
from hippograph.graph.export import session_records
from hippograph.graph.jobs import Job, JobKind, JobState, create_job, new_job, save_job
from hippograph.ingest.formats.jsonl import export_lines


class Exports:
    """The export jobs of one server process."""

    def __init__(self, driver: AsyncDriver, database: str, owner: str) -> None:
        self.driver = driver
        self.database = database
        self.owner = owner
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self, scope: str) -> Job:
        """A pending export job of ``scope``, answered at once; it runs in the background."""
        job = new_job(scope, [], self.owner, kind=JobKind.EXPORT)
        await create_job(self.driver, self.database, job)
        task = asyncio.create_task(self._run(job))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return job

    async def _run(self, job: Job) -> None:
        done: dict[str, object]
        try:
            records = await session_records(self.driver, self.database, job.scope)
        except HippographError as error:  # a scope with no session: nothing to export
            done = {"state": JobState.FAILED, "error": str(error)}
        else:
            lines = export_lines(records)
            done = {
                "state": JobState.DONE,
                "total": len(records),
                "done": len(records),
                "turns": sum(len(r["turns"]) for r in records),
                "result": "".join(line + "\n" for line in lines),
            }
        finished = job.model_copy(update={**done, "finished_at": datetime.now(UTC)})
        await save_job(self.driver, self.database, finished)

    async def close(self) -> None:
        """Wait for the exports in progress (the server is shutting down)."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
