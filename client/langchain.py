"""hippograph in LangChain: a retriever of memories, and a persistent chat history that
remembers the conversation as it happens.

- :class:`HippographRetriever` (``BaseRetriever``): a question's memories as ``Document``s whose
  metadata carry the provenance: the source turns (ids, speakers, texts), the session and its
  date, the event's dates, the scene and the explanation.
- :class:`HippographChatMessageHistory` (``BaseChatMessageHistory``, what
  ``RunnableWithMessageHistory`` expects): a session stored turn by turn with ``append_turns``;
  its messages are read back from the API, so a restarted process or another worker sees the
  whole conversation.
"""

import atexit
import contextlib
import datetime as dt
import logging
import weakref
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Self

from langchain_core.callbacks import (
    AsyncCallbackManagerForRetrieverRun,
    CallbackManagerForRetrieverRun,
)
from langchain_core.chat_history import BaseChatMessageHistory
from langchain_core.documents import Document
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables.config import run_in_executor
from pydantic import ConfigDict

from hippograph.client.errors import ApiNotFoundError
from hippograph.client.http import AsyncHippographClient, HippographClient
from hippograph.client.models import (
    Memory,
    RecallMode,
    Role,
    Turn,
    TurnIn,
    TurnsAppended,
    new_turn_id,
    session_start,
)

log = logging.getLogger(__name__)


def memory_document(memory: Memory, scope: str) -> Document:
    """A memory as a LangChain document: its statement, and where it came from."""
    metadata: dict[str, Any] = {
        "scope": scope,
        "id": memory.id,
        "rank": memory.rank,
        "score": memory.score,
        "speakers": memory.speakers,
        "session_id": memory.session_id,
        "session_date": memory.session_date.isoformat() if memory.session_date else None,
        "date_start": memory.date.start.isoformat() if memory.date else None,
        "date_end": memory.date.end.isoformat() if memory.date else None,
        "turn_ids": [t.source_id for t in memory.turns],
        "turns": [{"id": t.source_id, "speaker": t.speaker, "text": t.text} for t in memory.turns],
        "scene": memory.scene.summary if memory.scene else None,
        "explanation": memory.explanation.summary,
        "valid_from": memory.valid_from.isoformat() if memory.valid_from else None,
        "valid_to": memory.valid_to.isoformat() if memory.valid_to else None,
        "superseded_by": memory.superseded_by.model_dump(mode="json")
        if memory.superseded_by
        else None,
    }
    return Document(page_content=memory.text, metadata=metadata, id=memory.id)


class HippographRetriever(BaseRetriever):
    """The ``k`` memories of ``scope`` that best answer the query (associative by default);
    as LangChain's retrievers do, a ``k`` given to ``invoke`` wins for that call."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    client: HippographClient
    async_client: AsyncHippographClient | None = None
    scope: str
    k: int = 10
    mode: RecallMode = RecallMode.ASSOCIATIVE

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None
    ) -> list[Document]:
        found = self.client.recall(self.scope, query, k=k or self.k, mode=self.mode)
        return [memory_document(m, self.scope) for m in found.memories]

    async def _aget_relevant_documents(
        self,
        query: str,
        *,
        run_manager: AsyncCallbackManagerForRetrieverRun,
        k: int | None = None,
    ) -> list[Document]:
        if self.async_client is None:  # the blocking client, off the event loop
            sync = run_manager.get_sync()
            return await run_in_executor(
                None, self._get_relevant_documents, query, run_manager=sync, k=k
            )
        found = await self.async_client.recall(self.scope, query, k=k or self.k, mode=self.mode)
        return [memory_document(m, self.scope) for m in found.memories]


# The histories alive that may hold unsent messages, flushed at interpreter exit. Weak, so that
# a history nobody holds can still be garbage-collected.
_ALIVE: "weakref.WeakSet[HippographChatMessageHistory]" = weakref.WeakSet()
_AT_EXIT: list[bool] = []  # holds True once the exit hook is registered


def _flush_at_exit() -> None:
    for history in list(_ALIVE):
        unsent = len(history._buffer)
        try:
            history.flush()
        except Exception as error:  # at exit nobody can handle it: say what was lost
            log.warning(
                "hippograph: %d unsent messages of session %s/%s in scope %s were not stored "
                "at exit: %s",
                unsent, history.conversation, history.session_id, history.scope, error,
            )  # fmt: skip


def _watch(history: "HippographChatMessageHistory") -> None:
    """Flush ``history`` at interpreter exit while it is alive (the hook is registered on the
    first history made, not on import)."""
    if not _AT_EXIT:
        atexit.register(_flush_at_exit)
        _AT_EXIT.append(True)
    _ALIVE.add(history)


class HippographChatMessageHistory(BaseChatMessageHistory):
    """One session of a conversation, stored in hippograph as it happens: a persistent
    LangChain history, as ``RedisChatMessageHistory`` or ``SQLChatMessageHistory`` are. The
    stored session (``<conversation>/<session_id>`` in ``scope``), not this object, is the
    truth: a restarted process or a second worker that opens the same session id reads the
    whole conversation back.

    - ``messages`` reads the session's stored turns from the API, in order, then the messages
      added here and not sent yet. A turn of role USER comes back as a ``HumanMessage``,
      ASSISTANT as an ``AIMessage``, PERSON (a session ingested from a transcript) as a
      ``HumanMessage`` named by its speaker; each message's ``id`` is its turn's id.
    - ``add_messages`` appends: a human message becomes a turn of ``user`` (role USER), an AI
      message a turn of ``assistant`` (role ASSISTANT); a message's ``name``, when set, is its
      speaker instead. Other messages (system, tool) and messages without text are not memory:
      they are neither stored nor read back.
    - Each message gets its turn id as it is added: its own ``id``, else a new one. The session
      stores a turn id once, so a buffer sent again (after a failure, or by two calls at once)
      never stores a message twice; the same id with other content is an ApiConflictError.
    - Messages are sent every ``every`` messages (default 1: at once). Unsent ones are sent by
      ``flush()``, ``end_session()``, ``close()``, on leaving a ``with`` block, and at
      interpreter exit while the history is alive. A history garbage-collected with unsent
      messages loses them: close it, or use ``with``.
    - ``clear()`` deletes the stored session, as LangChain's persistent histories delete their
      stored messages: its turns and every memory derived from them are gone from ``scope``.
      To start afresh and keep what was said, use ``end_session(next_session_id)``.

    ``started_at`` (default: the date the session id names, "2025-03-04", else now) dates the
    session when the first append creates it, and anchors what its turns say ("yesterday");
    a session stored already keeps its stored date.

    ``async_client`` (optional) serves ``aget_messages``, ``aadd_messages``, ``aflush`` and
    ``aclear`` without a thread; without it they run the blocking calls in an executor. The
    constructor does no I/O.
    """

    def __init__(
        self,
        client: HippographClient,
        scope: str,
        session_id: str,
        conversation: str = "chat",
        user: str = "User",
        assistant: str = "Assistant",
        every: int = 1,
        started_at: dt.datetime | None = None,
        *,
        async_client: AsyncHippographClient | None = None,
    ) -> None:
        # BaseChatMessageHistory.__init__ is not called: it only warns that LangChain deprecated
        # the class (1.6.4), and RunnableWithMessageHistory still asks for one.
        self.client = client
        self.async_client = async_client
        self.scope = scope
        self.session_id = session_id
        self.conversation = conversation
        self.started_at = session_start(session_id, started_at)
        self.names: dict[str, tuple[str, Role]] = {
            "human": (user, "USER"),
            "ai": (assistant, "ASSISTANT"),
        }
        self.every = every
        self._buffer: list[tuple[BaseMessage, TurnIn]] = []
        _watch(self)

    @property
    def _stored_id(self) -> str:
        return f"{self.conversation}/{self.session_id}"

    # Reading

    def _read_back(self, stored: list[Turn]) -> list[BaseMessage]:
        defaults: dict[str | None, str] = {role: name for name, role in self.names.values()}
        messages: list[BaseMessage] = []
        for turn in stored:
            named = turn.speaker if turn.speaker != defaults.get(turn.role) else None
            kind = AIMessage if turn.role == "ASSISTANT" else HumanMessage
            messages.append(kind(content=turn.text, name=named, id=turn.source_id))
        sent = {turn.source_id for turn in stored}
        return messages + [m for m, t in self._buffer if t.id not in sent]

    @property
    def messages(self) -> list[BaseMessage]:  # type: ignore[override]
        stored = self.client.session_turns(self.scope, self.session_id, self.conversation)
        return self._read_back(stored)

    async def aget_messages(self) -> list[BaseMessage]:
        if self.async_client is None:
            return await super().aget_messages()
        scope, session, conversation = self.scope, self.session_id, self.conversation
        return self._read_back(await self.async_client.session_turns(scope, session, conversation))

    # Writing

    def _buffered(self, messages: Sequence[BaseMessage]) -> bool:
        """Buffer the messages that are memory, each with its turn id; whether it is time to
        send."""
        for message in messages:
            if message.type not in self.names or not message.text:
                continue
            speaker, role = self.names[message.type]
            turn_id = message.id or new_turn_id()
            turn = TurnIn(id=turn_id, speaker=message.name or speaker, role=role, text=message.text)
            self._buffer.append((message.model_copy(update={"id": turn_id}), turn))
        return len(self._buffer) >= self.every

    def _sent(self, sent: list[tuple[BaseMessage, TurnIn]], done: TurnsAppended) -> TurnsAppended:
        ids = {turn.id for _, turn in sent}
        self._buffer = [(m, t) for m, t in self._buffer if t.id not in ids]
        self.started_at = done.started_at or self.started_at
        return done

    def add_messages(self, messages: Sequence[BaseMessage]) -> None:
        if self._buffered(messages):
            self.flush()

    async def aadd_messages(self, messages: Sequence[BaseMessage]) -> None:
        if self._buffered(messages):
            await self.aflush()

    def flush(self) -> TurnsAppended | None:
        """Send the unsent messages now; what the append did (None when nothing waited)."""
        pending = list(self._buffer)
        if not pending:
            return None
        turns = [turn for _, turn in pending]
        done = self.client.append_turns(
            self.scope, self.session_id, turns, self.conversation, self.started_at
        )
        return self._sent(pending, done)

    async def aflush(self) -> TurnsAppended | None:
        """``flush`` on the async client (in an executor without one)."""
        if self.async_client is None:
            return await run_in_executor(None, self.flush)
        pending = list(self._buffer)
        if not pending:
            return None
        turns = [turn for _, turn in pending]
        done = await self.async_client.append_turns(
            self.scope, self.session_id, turns, self.conversation, self.started_at
        )
        return self._sent(pending, done)

    def end_session(
        self, next_session_id: str | None = None, started_at: dt.datetime | None = None
    ) -> None:
        """Send what is unsent, then go on in ``next_session_id`` if given (whose ``messages``
        are what it already stores, if anything)."""
        self.flush()
        if next_session_id is not None:
            self.session_id = next_session_id
            self.started_at = session_start(next_session_id, started_at)

    # Clearing and closing

    def clear(self) -> None:
        """Delete the stored session and drop the unsent messages (see the class docstring)."""
        self._buffer = []
        with contextlib.suppress(ApiNotFoundError):  # nothing was stored yet
            self.client.delete_session(self.scope, self._stored_id)

    async def aclear(self) -> None:
        if self.async_client is None:
            return await super().aclear()
        self._buffer = []
        with contextlib.suppress(ApiNotFoundError):
            await self.async_client.delete_session(self.scope, self._stored_id)

    def close(self) -> None:
        """Send what is unsent; the clients stay open (they are the caller's)."""
        self.flush()
        _ALIVE.discard(self)

    async def aclose(self) -> None:
        await self.aflush()
        _ALIVE.discard(self)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
