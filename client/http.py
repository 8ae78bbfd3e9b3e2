"""The clients: :class:`HippographClient` (sync) and :class:`AsyncHippographClient`, on httpx.

Both send the same operations (client/operations.py) to ``<url>/graphql`` with the API key as a
bearer token; neither connects before its first call. An idempotent write (``append_turns``) is
sent again after a transient failure (the connection lost, a timeout, HTTP 502/503/504),
``retries`` times, waiting 0.5 s, 1 s, 2 s, … between tries; nothing else is retried.
"""

import asyncio
import datetime as dt
import time
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx

from hippograph.client import operations as ops
from hippograph.client.errors import (
    ApiNotFoundError,
    AuthenticationError,
    JobFailedError,
    TransportError,
)
from hippograph.client.models import (
    Entity,
    HeldValue,
    Job,
    OnConflict,
    Page,
    Persona,
    Recall,
    RecallMode,
    Scene,
    ScenesBuilt,
    Scope,
    Session,
    SessionIn,
    SessionOutcome,
    Turn,
    TurnIn,
    TurnsAppended,
)

T = TypeVar("T")
Traceback = TracebackType | None
# How often a waiting client asks for a job's progress.
POLL_SECONDS = 0.5
# HTTP statuses after which the same request may succeed: a proxy's bad gateway, the database
# unreachable (503, "nothing was changed"), the server's request timeout.
TRANSIENT_STATUSES = frozenset({502, 503, 504})
# Turns read per request when a session's turns are read whole (the API's default page bound).
TURN_PAGE = 100


def _answer(response: httpx.Response) -> Any:
    if response.status_code == 401:
        raise AuthenticationError(f"HTTP 401: {response.text[:300]}")
    if response.status_code != 200:
        transient = response.status_code in TRANSIENT_STATUSES
        message = f"HTTP {response.status_code}: {response.text[:300]}"
        raise TransportError(message, transient=transient)
    try:
        return response.json()
    except ValueError as error:
        raise TransportError(f"the answer is not JSON: {response.text[:300]}") from error


def _headers(api_key: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_key}"} if api_key else {}


def _finished(job: Job, deadline: float) -> bool:
    if job.state == "FAILED":
        raise JobFailedError(f"job {job.id} failed: {job.error}")
    if job.finished:
        return True
    if time.monotonic() > deadline:
        raise JobFailedError(f"job {job.id} did not finish in time ({job.done}/{job.total})")
    return False


def _unsent(error: httpx.HTTPError) -> TransportError:
    # A transport failure (connect, read, write, timeout) says nothing of whether the server
    # applied the request: transient. Anything else httpx raises is not.
    message = f"{type(error).__name__}: {error}"
    return TransportError(message, transient=isinstance(error, httpx.TransportError))


def _sessions(sessions: Sequence[SessionIn | dict[str, Any]]) -> list[SessionIn]:
    return [s if isinstance(s, SessionIn) else SessionIn.model_validate(s) for s in sessions]


class HippographClient:
    """A blocking client of hippograph's GraphQL API; ``retries``: how many times an
    idempotent write is sent again after a transient failure."""

    def __init__(
        self, url: str, api_key: str | None = None, timeout: float = 60.0, *, retries: int = 4
    ) -> None:
        self._http = httpx.Client(
            base_url=url.rstrip("/"), headers=_headers(api_key), timeout=timeout
        )
        self._retries = retries

    def _send(self, operation: ops.Operation[T]) -> T:
        try:
            response = self._http.post("/graphql", json=operation.body())
        except httpx.HTTPError as error:
            raise _unsent(error) from error
        return operation.result(_answer(response))

    def _run(self, operation: ops.Operation[T]) -> T:
        for wait in operation.waits(self._retries):
            try:
                return self._send(operation)
            except TransportError as error:
                if not error.transient:
                    raise
            time.sleep(wait)
        return self._send(operation)

    def recall(
        self,
        scope: str,
        question: str,
        k: int = 10,
        mode: RecallMode = RecallMode.ASSOCIATIVE,
        filters: dict[str, Any] | None = None,
        as_of: dt.date | None = None,
    ) -> Recall:
        """The ``k`` memories of ``scope`` that best answer ``question``, best first; with
        ``as_of``, only what was valid that day."""
        return self._run(ops.recall(scope, question, k, mode, filters, as_of))

    def history(
        self, scope: str, entity: str, attribute: str | None = None, limit: int = 100
    ) -> list[HeldValue]:
        """What ``scope`` says of ``entity`` (an id or name), attribute by attribute, in the
        order said: each value with when it held and what superseded it."""
        return self._run(ops.history(scope, entity, attribute, limit))

    def ingest_session(
        self,
        scope: str,
        session: SessionIn | dict[str, Any],
        on_conflict: OnConflict = OnConflict.REPLACE,
    ) -> SessionOutcome:
        """Store one session now (re-sending an unchanged one is a no-op; one stored with
        other content is handled as ``on_conflict`` says)."""
        return self._run(ops.ingest_session(scope, _sessions([session])[0], on_conflict))

    def append_turns(
        self,
        scope: str,
        session: str,
        turns: Sequence[TurnIn | dict[str, Any]],
        conversation: str = "chat",
        started_at: dt.datetime | None = None,
    ) -> TurnsAppended:
        """Append ``turns`` to session ``session`` of ``conversation`` after its stored
        turns; a new session is created, dated ``started_at`` (an existing one keeps its date).
        Each turn without an id gets a new one before the first try, so the call is
        idempotent: it is retried after a transient failure, and a turn id the session holds
        with the same content is not stored again (``new`` false), whichever try stored it.
        The same id with other content is an ApiConflictError, and nothing is stored."""
        operation = ops.append_turns(scope, session, turns, conversation, started_at)
        return self._run(operation)

    def session(self, scope: str, session_id: str, conversation: str = "chat") -> Session | None:
        """The session ``<conversation>/<session_id>`` (a stored id is taken as it is), or
        None when the scope holds no such session."""
        try:
            return self._run(ops.session(scope, session_id, conversation))
        except ApiNotFoundError:
            return None

    def session_turns(self, scope: str, session_id: str, conversation: str = "chat") -> list[Turn]:
        """Every turn of the session, in order, with its role and time (read a page of
        TURN_PAGE at a time); [] when the scope holds no such session."""
        after: str | None = None
        turns: list[Turn] = []
        while True:
            try:
                page = self._run(
                    ops.session_turns(scope, session_id, conversation, TURN_PAGE, after)
                )
            except ApiNotFoundError:
                return []
            turns += page.items
            if page.next_cursor is None:
                return turns
            after = page.next_cursor

    def ingest(
        self,
        scope: str,
        sessions: Sequence[SessionIn | dict[str, Any]],
        wait: bool = True,
        timeout: float = 600.0,
        on_conflict: OnConflict = OnConflict.REPLACE,
    ) -> Job:
        """Store a batch as a background job; with ``wait``, poll it until it ends."""
        job = self._run(ops.ingest_sessions(scope, _sessions(sessions), on_conflict))
        return self.wait(job, timeout) if wait else job

    def export_scope(self, scope: str, timeout: float = 600.0) -> str:
        """The scope's sessions as hippograph JSONL (an export job, waited for)."""
        return self.wait(self._run(ops.export_scope(scope)), timeout).export or ""

    def reembed_scope(self, scope: str, wait: bool = True, timeout: float = 600.0) -> Job:
        """Re-embed the scope with the server's model (a job; with ``wait``, polled until it
        ends): after the server's embedding model changed."""
        job = self._run(ops.reembed_scope(scope))
        return self.wait(job, timeout) if wait else job

    def wait(self, job: Job, timeout: float = 600.0) -> Job:
        """``job`` polled until it is DONE (JobFailedError if it fails or outlasts ``timeout``)."""
        deadline = time.monotonic() + timeout
        while not _finished(job, deadline):
            time.sleep(POLL_SECONDS)
            job = self.job(job.id)
        return job

    def job(self, job_id: str) -> Job:
        return self._run(ops.job(job_id))

    def scopes(self, first: int = 20, after: str | None = None) -> Page[Scope]:
        return self._run(ops.scopes(first, after))

    def sessions(self, scope: str, first: int = 20, after: str | None = None) -> Page[Session]:
        return self._run(ops.sessions(scope, first, after))

    def entities(self, scope: str, first: int = 20, after: str | None = None) -> Page[Entity]:
        """The scope's entities, most mentioned first."""
        return self._run(ops.entities(scope, first, after))

    def scenes(
        self, scope: str, level: int | None = None, first: int = 20, after: str | None = None
    ) -> Page[Scene]:
        """Leiden scenes at ``level`` (None: every level), finest level and largest first."""
        return self._run(ops.scenes(scope, level, first, after))

    def persona(self, scope: str, speaker: str) -> Persona:
        """What ``speaker`` (name or entity id) said of themselves (after a scene build)."""
        return self._run(ops.persona(scope, speaker))

    def build_scenes(self, scope: str) -> ScenesBuilt:
        """Rebuild the scope's Leiden scenes and speaker personas."""
        return self._run(ops.build_scenes(scope))

    def delete_session(self, scope: str, session_id: str) -> None:
        self._run(ops.delete(scope, session_id))

    def delete_scope(self, scope: str) -> None:
        self._run(ops.delete(scope, None))

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: Traceback
    ) -> None:
        self.close()


class AsyncHippographClient:
    """The same client for asyncio code."""

    def __init__(
        self, url: str, api_key: str | None = None, timeout: float = 60.0, *, retries: int = 4
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=url.rstrip("/"), headers=_headers(api_key), timeout=timeout
        )
        self._retries = retries

    async def _send(self, operation: ops.Operation[T]) -> T:
        try:
            response = await self._http.post("/graphql", json=operation.body())
        except httpx.HTTPError as error:
            raise _unsent(error) from error
        return operation.result(_answer(response))

    async def _run(self, operation: ops.Operation[T]) -> T:
        for wait in operation.waits(self._retries):
            try:
                return await self._send(operation)
            except TransportError as error:
                if not error.transient:
                    raise
            await asyncio.sleep(wait)
        return await self._send(operation)

    async def recall(
        self,
        scope: str,
        question: str,
        k: int = 10,
        mode: RecallMode = RecallMode.ASSOCIATIVE,
        filters: dict[str, Any] | None = None,
        as_of: dt.date | None = None,
    ) -> Recall:
        """The ``k`` memories of ``scope`` that best answer ``question``, best first; with
        ``as_of``, only what was valid that day."""
        return await self._run(ops.recall(scope, question, k, mode, filters, as_of))

    async def history(
        self, scope: str, entity: str, attribute: str | None = None, limit: int = 100
    ) -> list[HeldValue]:
        """What ``scope`` says of ``entity`` (an id or name), attribute by attribute, in the
        order said: each value with when it held and what superseded it."""
        return await self._run(ops.history(scope, entity, attribute, limit))

    async def ingest_session(
        self,
        scope: str,
        session: SessionIn | dict[str, Any],
        on_conflict: OnConflict = OnConflict.REPLACE,
    ) -> SessionOutcome:
        """Store one session now (re-sending an unchanged one is a no-op; one stored with
        other content is handled as ``on_conflict`` says)."""
        return await self._run(ops.ingest_session(scope, _sessions([session])[0], on_conflict))

    async def append_turns(
        self,
        scope: str,
        session: str,
        turns: Sequence[TurnIn | dict[str, Any]],
        conversation: str = "chat",
        started_at: dt.datetime | None = None,
    ) -> TurnsAppended:
        """Append ``turns`` to session ``session`` of ``conversation`` after its stored
        turns; a new session is created, dated ``started_at`` (an existing one keeps its date).
        Each turn without an id gets a new one before the first try, so the call is
        idempotent: it is retried after a transient failure, and a turn id the session holds
        with the same content is not stored again (``new`` false), whichever try stored it.
        The same id with other content is an ApiConflictError, and nothing is stored."""
        operation = ops.append_turns(scope, session, turns, conversation, started_at)
        return await self._run(operation)

    async def session(
        self, scope: str, session_id: str, conversation: str = "chat"
    ) -> Session | None:
        """The session ``<conversation>/<session_id>`` (a stored id is taken as it is), or
        None when the scope holds no such session."""
        try:
            return await self._run(ops.session(scope, session_id, conversation))
        except ApiNotFoundError:
            return None

    async def session_turns(
        self, scope: str, session_id: str, conversation: str = "chat"
    ) -> list[Turn]:
        """Every turn of the session, in order, with its role and time (read a page of
        TURN_PAGE at a time); [] when the scope holds no such session."""
        after: str | None = None
        turns: list[Turn] = []
        while True:
            try:
                page = await self._run(
                    ops.session_turns(scope, session_id, conversation, TURN_PAGE, after)
                )
            except ApiNotFoundError:
                return []
            turns += page.items
            if page.next_cursor is None:
                return turns
            after = page.next_cursor

    async def ingest(
        self,
        scope: str,
        sessions: Sequence[SessionIn | dict[str, Any]],
        wait: bool = True,
        timeout: float = 600.0,
        on_conflict: OnConflict = OnConflict.REPLACE,
    ) -> Job:
        """Store a batch as a background job; with ``wait``, poll it until it ends."""
        job = await self._run(ops.ingest_sessions(scope, _sessions(sessions), on_conflict))
        return await self.wait(job, timeout) if wait else job

    async def export_scope(self, scope: str, timeout: float = 600.0) -> str:
        """The scope's sessions as hippograph JSONL (an export job, waited for)."""
        return (await self.wait(await self._run(ops.export_scope(scope)), timeout)).export or ""

    async def reembed_scope(self, scope: str, wait: bool = True, timeout: float = 600.0) -> Job:
        """Re-embed the scope with the server's model (a job; with ``wait``, polled until it
        ends): after the server's embedding model changed."""
        job = await self._run(ops.reembed_scope(scope))
        return await self.wait(job, timeout) if wait else job

    async def wait(self, job: Job, timeout: float = 600.0) -> Job:
        """``job`` polled until it is DONE (JobFailedError if it fails or outlasts ``timeout``)."""
        deadline = time.monotonic() + timeout
        while not _finished(job, deadline):
            await asyncio.sleep(POLL_SECONDS)
            job = await self.job(job.id)
        return job

    async def job(self, job_id: str) -> Job:
        return await self._run(ops.job(job_id))

    async def scopes(self, first: int = 20, after: str | None = None) -> Page[Scope]:
        return await self._run(ops.scopes(first, after))

    async def sessions(
        self, scope: str, first: int = 20, after: str | None = None
    ) -> Page[Session]:
        return await self._run(ops.sessions(scope, first, after))

    async def entities(self, scope: str, first: int = 20, after: str | None = None) -> Page[Entity]:
        """The scope's entities, most mentioned first."""
        return await self._run(ops.entities(scope, first, after))

    async def scenes(
        self, scope: str, level: int | None = None, first: int = 20, after: str | None = None
    ) -> Page[Scene]:
        """Leiden scenes at ``level`` (None: every level), finest level and largest first."""
        return await self._run(ops.scenes(scope, level, first, after))

    async def persona(self, scope: str, speaker: str) -> Persona:
        """What ``speaker`` (name or entity id) said of themselves (after a scene build)."""
        return await self._run(ops.persona(scope, speaker))

    async def build_scenes(self, scope: str) -> ScenesBuilt:
        """Rebuild the scope's Leiden scenes and speaker personas."""
        return await self._run(ops.build_scenes(scope))

    async def delete_session(self, scope: str, session_id: str) -> None:
        await self._run(ops.delete(scope, session_id))

    async def delete_scope(self, scope: str) -> None:
        await self._run(ops.delete(scope, None))

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: Traceback
    ) -> None:
        await self.aclose()
