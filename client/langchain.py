"""hippograph in LangChain: a retriever of memories, and a chat history that stores the
conversation as it happens.

- :class:`HippographRetriever` (``BaseRetriever``): a question's memories as ``Document``s whose
  metadata carry the provenance: the source turns (ids, speakers, texts), the session and its
  date, the event's dates, the scene and the explanation.
- :class:`HippographChatMessageHistory` (``BaseChatMessageHistory``, what
  ``RunnableWithMessageHistory`` expects): the current session's messages, sent to hippograph
  every ``every`` messages and when the session ends. Sending a session again with more turns
  replaces it, so nothing is stored twice.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from langchain_core.callbacks import (
    AsyncCallbackManagerForRetrieverRun,
    CallbackManagerForRetrieverRun,
)
from langchain_core.chat_history import BaseChatMessageHistory
from langchain_core.documents import Document
from langchain_core.messages import BaseMessage
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables.config import run_in_executor
from pydantic import ConfigDict

from hippograph.client.http import AsyncHippographClient, HippographClient
from hippograph.client.models import Memory, RecallMode, SessionIn, TurnIn


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


def _session_start(session_id: str, given: dt.datetime | None) -> dt.datetime:
    """The session's date, which anchors what its turns say ("yesterday"): the one given; else
    the date its id names when it is one ("2025-03-04", as a daily session is often named);
    else now."""
    if given is not None:
        return given
    try:
        return dt.datetime.fromisoformat(session_id)
    except ValueError:
        return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class HippographChatMessageHistory(BaseChatMessageHistory):
    """One conversation's current session, stored in ``scope`` as it grows.

    Human messages are turns of ``user``, AI messages turns of ``assistant``; other messages
    (system, tools) are kept here but not stored as memory.
    """

    def __init__(
        self,
        client: HippographClient,
        scope: str,
        session_id: str,
        conversation: str = "chat",
        user: str = "User",
        assistant: str = "Assistant",
        every: int = 10,
        started_at: dt.datetime | None = None,
    ) -> None:
        self.client = client
        self.started_at = _session_start(session_id, started_at)
        self.scope = scope
        self.session_id = session_id
        self.conversation = conversation
        self.names = {"human": (user, "USER"), "ai": (assistant, "ASSISTANT")}
        self.every = every
        self._messages: list[BaseMessage] = []
        self._unsent = 0

    @property
    def messages(self) -> list[BaseMessage]:  # type: ignore[override]
        return list(self._messages)

    def add_messages(self, messages: Sequence[BaseMessage]) -> None:
        self._messages.extend(messages)
        self._unsent += len(messages)
        if self._unsent >= self.every:
            self.flush()

    def flush(self) -> None:
        """Store the session as it stands now (nothing to do when nothing is new)."""
        turns = [
            TurnIn(speaker=self.names[m.type][0], role=self.names[m.type][1], text=m.text)
            for m in self._messages
            if m.type in self.names and m.text
        ]
        if self._unsent and turns:
            session = SessionIn(
                id=self.session_id,
                conversation=self.conversation,
                started_at=self.started_at,
                turns=turns,
            )
            self.client.ingest_session(self.scope, session)
        self._unsent = 0

    def end_session(
        self, next_session_id: str | None = None, started_at: dt.datetime | None = None
    ) -> None:
        """Store what is left, then start ``next_session_id`` (empty) if given."""
        self.flush()
        if next_session_id is not None:
            self.session_id = next_session_id
            self.started_at = _session_start(next_session_id, started_at)
            self._messages = []

    def clear(self) -> None:
        """Forget the session's messages here; what was stored stays in hippograph."""
        self._messages = []
        self._unsent = 0
