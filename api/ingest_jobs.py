"""Sessions sent to the API: validated one by one, stored through the ingest pipeline.

``ingestSession`` stores one session while the caller waits. ``ingestSessions`` validates a
batch, records a ``Job`` (graph/jobs.py) with one outcome per session, answers with its id at
once and stores the valid sessions in the background; ``job(id)`` reports progress. Batches run
one at a time per process (extraction takes the cores); each session is stored atomically, so
a failure or a restart loses nothing stored before it.

Every write to a scope (ingestion, deletion, the scene build) holds that scope's lock: a
deletion interleaved with a batch's write could leave turns behind without their session,
which the next ingest of that session then trips over. Deleting a scope first cancels its
batches.
"""

import asyncio
import logging
import os
import socket
import time
import uuid
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from neo4j import AsyncDriver
from pydantic import ValidationError

from hippograph.api.scene_upkeep import SceneUpkeep
from hippograph.api.settings import ApiLimits
from hippograph.graph.connection import unreachable
from hippograph.graph.errors import DatabaseUnavailableError, InvalidInputError, LimitExceededError
from hippograph.graph.gds.catalog import WarmCatalog
from hippograph.graph.jobs import (
    Job,
    JobKind,
    JobState,
    OutcomeStatus,
    SessionOutcome,
    create_job,
    get_job,
    new_job,
    save_job,
    unfinished_jobs,
)
from hippograph.graph.model import Conversation, OnConflict, Scope, Session
from hippograph.graph.store import delete_scope, delete_session
from hippograph.ingest.errors import InvalidSessionError, SessionConflictError
from hippograph.ingest.formats.reading import describe
from hippograph.ingest.pipeline import AppendOutcome, IngestPipeline, Progress
from hippograph.ingest.records import DEFAULT_CONVERSATION, SessionRecord, conversations_of
from hippograph.ingest.reembed import ReembedProgress, reembed

log = logging.getLogger(__name__)
# After an ingest found the database unreachable, the ones queued behind it fail at once for
# this long (each would otherwise wait the driver's seconds in turn).
FAIL_FAST_S = 1.0
# Appends whose extraction and embedding run at once in one server process.
APPEND_CONCURRENCY = 1


@dataclass(frozen=True)
class Checked:
    """A batch after validation: the sessions to store, and an outcome for every one sent."""

    conversations: list[Conversation]
    outcomes: list[SessionOutcome]


def _stored_id(record: SessionRecord) -> str:
    return f"{record.conversation or DEFAULT_CONVERSATION}/{record.session}"


def check(records: Sequence[SessionRecord]) -> Checked:
    """Each record validated on its own: bad ones get a failed outcome, the rest go on."""
    grouped: list[tuple[str, Session]] = []
    outcomes = []
    seen: set[str] = set()
    for record in records:
        stored = _stored_id(record)
        try:
            if stored in seen:
                raise InvalidSessionError(f"session {stored!r} appears twice in this batch")
            session = record.to_session()
        except ValidationError as error:
            outcomes.append(_failed(stored, describe(error)))
            continue
        except InvalidSessionError as error:
            outcomes.append(_failed(stored, str(error)))
            continue
        seen.add(stored)
        grouped.append((record.conversation or DEFAULT_CONVERSATION, session))
        outcomes.append(SessionOutcome(session_id=stored))
    return Checked(conversations_of(grouped), outcomes)


def _failed(session_id: str, reason: str) -> SessionOutcome:
    return SessionOutcome(
        session_id=session_id, status=OutcomeStatus.FAILED, error_code="VALIDATION", error=reason
    )


@dataclass
class _Running:
    job: Job
    outcomes: dict[str, SessionOutcome] = field(default_factory=dict)

    def advance(self, step: Progress) -> None:
        self.outcomes[step.session_id] = SessionOutcome(
            session_id=step.session_id,
            status=step.status,
            turns=step.turns,
            edus=step.edus,
            error_code="CONFLICT" if step.error else None,
            error=step.error,
        )
        self.job = self.job.model_copy(
            update={
                "done": self.job.done + 1,
                "turns": self.job.turns + step.turns,
                "edus": self.job.edus + step.edus,
                "outcomes": tuple(self.outcomes.get(o.session_id, o) for o in self.job.outcomes),
            }
        )


class Ingestion:
    """The API's way into the pipeline, for one server process."""

    def __init__(
        self,
        driver: AsyncDriver,
        database: str,
        pipeline: IngestPipeline,
        limits: ApiLimits,
        catalog: WarmCatalog,
    ) -> None:
        self.driver = driver
        self.catalog = catalog
        self.scenes: SceneUpkeep | None = None  # set by the app: scenes kept up with appends
        self.database = database
        self.pipeline = pipeline
        self.max_batch = limits.max_batch_sessions
        self.max_turns = limits.max_session_turns
        # Who runs the jobs this process starts: a restart can tell which jobs lost theirs.
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._one_at_a_time = asyncio.Lock()
        # Appends extract and embed on this process's cores too: one at a time, so that however
        # many agents append at once, recalls keep a core (appends to other scopes queue here).
        self._appending = asyncio.Semaphore(APPEND_CONCURRENCY)
        self._scope_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        self._tasks: dict[asyncio.Task[None], str] = {}  # each batch's scope
        self._unreachable: tuple[float, Exception] | None = None  # when, and what was raised

    @asynccontextmanager
    async def writing(self, scope: str) -> AsyncIterator[None]:
        """Hold ``scope``'s write lock (one writer per scope in this process)."""
        lock = self._scope_locks.get(scope)
        if lock is None:
            lock = self._scope_locks[scope] = asyncio.Lock()
        async with lock:
            yield

    async def ingest_one(
        self, scope: str, record: SessionRecord, on_conflict: OnConflict = OnConflict.REPLACE
    ) -> SessionOutcome:
        """Store one session now; InvalidInputError when it is not valid, LimitExceededError
        (before any work) when it is too long to be answered within a request,
        SessionConflictError when ``on_conflict`` is FAIL and another version is stored."""
        if len(record.turns) > self.max_turns:
            raise LimitExceededError(
                f"the session has {len(record.turns)} turns; ingestSession stores at most "
                f"{self.max_turns} within one request: send it with ingestSessions, which "
                "answers a job at once and stores it in the background",
                self.max_turns,
            )
        checked = check([record])
        outcome = checked.outcomes[0]
        if outcome.status is OutcomeStatus.FAILED:
            raise InvalidInputError(outcome.error or "invalid session", "session")
        running = _Running(new_job(scope, checked.outcomes))
        async with self._one_at_a_time, self.writing(scope):
            self._fail_fast()
            try:
                await self.pipeline.ingest(
                    checked.conversations, scope, running.advance, on_conflict=on_conflict
                )
            except Exception as error:
                if unreachable(error):
                    self._unreachable = (time.monotonic(), error)
                raise
        outcome = running.job.outcomes[0]
        if outcome.error_code == "CONFLICT":
            raise SessionConflictError(outcome.error or "the session is stored with other content")
        return outcome

    async def append(self, scope: str, record: SessionRecord) -> AppendOutcome:
        """Append turns to a session now (graph/store.py's append_session); InvalidInputError
        when they are not valid, LimitExceededError (before any work) when there are more than
        a session may be sent with, SessionConflictError when a given turn id is stored with
        other content. Appends run one at a time in this process (APPEND_CONCURRENCY); appends
        to one session from other processes wait for each other in the database."""
        if len(record.turns) > self.max_turns:
            raise LimitExceededError(
                f"{len(record.turns)} turns in one append; the limit is {self.max_turns}",
                self.max_turns,
            )
        try:
            record.to_session()
        except ValidationError as error:
            raise InvalidInputError(describe(error), "turns") from None
        except InvalidSessionError as error:
            raise InvalidInputError(str(error), error.field or "turns") from None
        async with self.writing(scope), self._appending:
            self._fail_fast()
            try:
                outcome = await self.pipeline.append(Scope(id=scope), record)
            except Exception as error:
                if unreachable(error):
                    self._unreachable = (time.monotonic(), error)
                raise
        if self.scenes is not None:
            self.scenes.appended(scope, outcome.edus)
        return outcome

    def _fail_fast(self) -> None:
        """Raise at once when an ingest found the database unreachable a moment ago: the
        sessions queued behind it (ingests run one at a time) would each wait for the driver's
        timeouts in turn, and the last of them for longer than a request may take."""
        if self._unreachable and time.monotonic() - self._unreachable[0] < FAIL_FAST_S:
            raise DatabaseUnavailableError("the database is unreachable") from self._unreachable[1]

    async def start(
        self,
        scope: str,
        records: Sequence[SessionRecord],
        on_conflict: OnConflict = OnConflict.REPLACE,
    ) -> Job:
        """Record a job for ``records`` and store them in the background."""
        if not records:
            raise InvalidInputError("the batch holds no sessions", "sessions")
        if len(records) > self.max_batch:
            raise LimitExceededError(
                f"{len(records)} sessions in one batch; the limit is {self.max_batch}",
                self.max_batch,
            )
        checked = check(records)
        job = new_job(scope, checked.outcomes, self.owner)
        failed = sum(o.status is OutcomeStatus.FAILED for o in checked.outcomes)
        job = job.model_copy(update={"done": failed})
        await create_job(self.driver, self.database, job)
        if failed == job.total:
            job = self._finished(job, JobState.FAILED, "no session of the batch is valid")
            await save_job(self.driver, self.database, job)
            return job
        await save_job(self.driver, self.database, job)
        task = asyncio.create_task(self._run(job, checked.conversations, on_conflict))
        self._tasks[task] = scope
        task.add_done_callback(self._tasks.pop)
        return job

    async def delete_scope(self, scope: str) -> bool:
        """Cancel the scope's batches, then delete everything of it; whether there was
        anything (a stored session or a batch) to delete."""
        batches = [task for task, of in self._tasks.items() if of == scope]
        for task in batches:
            task.cancel()
        await asyncio.gather(*batches, return_exceptions=True)
        async with self.writing(scope):
            return await delete_scope(self.driver, self.database, scope) or bool(batches)

    async def delete_session(self, scope: str, session_id: str) -> bool:
        """Delete one stored session (False when there is none)."""
        async with self.writing(scope):
            deleted = await delete_session(self.driver, self.database, scope, session_id)
            await self.catalog.make_room(self.driver, self.database, scope)
        return deleted

    @staticmethod
    def _finished(job: Job, state: JobState, error: str | None = None) -> Job:
        return job.model_copy(
            update={"state": state, "error": error, "finished_at": datetime.now(UTC)}
        )

    async def _run(
        self, job: Job, conversations: list[Conversation], on_conflict: OnConflict
    ) -> None:
        running = _Running(job)

        async def work(moved: Callable[[], None]) -> None:
            def advance(step: Progress) -> None:
                running.advance(step)
                moved()

            await self.pipeline.ingest(conversations, job.scope, advance, on_conflict=on_conflict)

        await self._background(running, work)

    async def start_reembed(self, scope: str) -> Job:
        """Record a job that re-embeds ``scope`` with this server's model, run in the
        background (ingest/reembed.py: resumable, and a no-op once done)."""
        job = new_job(scope, [], self.owner, kind=JobKind.REEMBED)
        await create_job(self.driver, self.database, job)
        running = _Running(job)

        async def work(moved: Callable[[], None]) -> None:
            def advance(step: ReembedProgress) -> None:
                update = {"total": step.edus_total, "done": step.edus, "edus": step.edus}
                running.job = running.job.model_copy(update=update)
                moved()

            pipeline = self.pipeline
            await reembed(self.driver, self.database, scope, pipeline.embeddings,
                          pipeline.embedding, advance)  # fmt: skip
            pipeline.forget(scope)

        task = asyncio.create_task(self._background(running, work))
        self._tasks[task] = scope
        task.add_done_callback(self._tasks.pop)
        return job

    async def _background(
        self, running: _Running, work: Callable[[Callable[[], None]], Awaitable[None]]
    ) -> None:
        """Run a job's ``work`` holding its scope's lock; ``work`` calls the function it is given
        when the job moved on, which saves it (at most five times a second). The job ends DONE,
        or FAILED with the reason, which is logged."""
        job, saved = running.job, asyncio.Event()

        async def report() -> None:
            while True:
                await saved.wait()
                saved.clear()
                await save_job(self.driver, self.database, running.job)
                await asyncio.sleep(0.2)

        async with self._one_at_a_time, self.writing(job.scope):
            running.job = running.job.model_copy(update={"state": JobState.RUNNING})
            await save_job(self.driver, self.database, running.job)
            reporter = asyncio.create_task(report())
            try:
                await work(saved.set)
                running.job = self._finished(running.job, JobState.DONE)
            except asyncio.CancelledError:
                running.job = self._finished(running.job, JobState.FAILED, "its scope was deleted")
                raise
            except Exception as error:  # a background job records any failure, and logs it
                log.exception("%s job %s failed", job.kind.value, job.id)
                running.job = self._finished(running.job, JobState.FAILED, str(error))
            finally:
                reporter.cancel()
                await save_job(self.driver, self.database, running.job)

    async def fail_orphans(self) -> list[str]:
        """Mark failed the jobs that a process of this host left unfinished when it died (their
        pending sessions too; stored ones stay stored); their ids. Run at start-up."""
        failed = []
        for job_id, owner in await unfinished_jobs(self.driver, self.database):
            if owner is None or not self._dead_here(owner):
                continue
            job = await get_job(self.driver, self.database, job_id)
            reason = "the server running this job stopped before it finished; send the batch "
            reason += "again to store the rest (stored sessions are skipped)"
            outcomes = tuple(
                o.model_copy(update={"status": OutcomeStatus.FAILED, "error_code": "INTERRUPTED",
                                     "error": "not stored: the server stopped"})
                if o.status is OutcomeStatus.PENDING else o
                for o in job.outcomes
            )  # fmt: skip
            job = self._finished(job.model_copy(update={"outcomes": outcomes}), JobState.FAILED)
            await save_job(self.driver, self.database, job.model_copy(update={"error": reason}))
            failed.append(job_id)
        return failed

    def _dead_here(self, owner: str) -> bool:
        """Whether ``owner`` (host:pid:run) was a process of this host that no longer runs."""
        host, pid, _ = owner.rsplit(":", 2)
        if host != socket.gethostname() or owner == self.owner:
            return False
        if int(pid) == os.getpid():
            return True  # this process reuses a dead one's pid
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False  # alive, another user's
        return False

    async def close(self) -> None:
        """Wait for the batches in progress (the server is shutting down)."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
