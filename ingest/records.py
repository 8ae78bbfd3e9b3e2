"""A session as a caller gives it: a line of hippograph JSONL (ingest/formats/jsonl.py), a
session sent to the API (api/graphql/ingest.py) or read back for an export (graph/export.py);
also turns appended to a session (the API's appendTurns, `hippograph append`).

It is the one shape before validation: turn ids and the conversation may be left out, and the
conversation travels with the session. ``to_session`` makes the memory model's validated
``Session`` of it (graph/model.py), which ingest derives a ``SessionWrite`` from (graph/store.py:
the EDUs, entities and vectors one write adds).
"""

from collections.abc import Iterable, Iterator
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from hippograph.graph.model import Conversation, Role, Session, Turn, check_id
from hippograph.ingest.errors import InvalidSessionError

# The conversation of a session sent without one.
DEFAULT_CONVERSATION = "chat"


class TurnRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str | None = None
    speaker: str
    text: str = ""
    role: Role = Role.PERSON
    timestamp: datetime | None = None
    image_caption: str | None = None


class SessionRecord(BaseModel):
    """One session as a caller writes it: a JSONL line, or a session sent to the API."""

    model_config = ConfigDict(extra="forbid")
    conversation: str | None = None
    session: str
    started_at: datetime | None = None
    turns: list[TurnRecord] = Field(default_factory=list)

    def to_session(self) -> Session:
        """The validated session (turn ids default to ``<session>:<n>``); raises pydantic's
        ValidationError, or InvalidSessionError when it has no turns or an id is not one."""
        for name, value in (("conversation", self.conversation), ("session", self.session)):
            if value is not None:
                try:
                    check_id(name, value)
                except ValueError as error:
                    raise InvalidSessionError(str(error), name) from None
        if not self.turns:
            raise InvalidSessionError(f"session {self.session!r} has no turns", "turns")
        return Session(
            id=self.session,
            started_at=self.started_at,
            turns=tuple(
                Turn(
                    id=t.id or f"{self.session}:{i}",
                    speaker=t.speaker,
                    text=t.text,
                    role=t.role,
                    timestamp=t.timestamp,
                    image_caption=t.image_caption,
                )
                for i, t in enumerate(self.turns)
            ),
        )


def turn_by_turn(conversation: Conversation) -> Iterator[SessionRecord]:
    """A stored conversation's turns as a live agent sends them: each one its own append, in
    order, with its id and its session's date (``Session`` ids are not qualified here)."""
    for session in conversation.sessions:
        for turn in session.turns:
            yield SessionRecord(
                conversation=conversation.id,
                session=session.id,
                started_at=session.started_at,
                turns=[TurnRecord.model_validate(turn.model_dump())],
            )


def conversations_of(sessions: Iterable[tuple[str, Session]]) -> list[Conversation]:
    """(conversation id, session) pairs grouped into conversations, in the order each was
    first seen, each with its speakers as participants. Which conversation a session without
    one belongs to is the caller's to say: the API's ``DEFAULT_CONVERSATION``, a JSONL file's
    name (ingest/formats/jsonl.py)."""
    grouped: dict[str, list[Session]] = {}
    for conversation_id, session in sessions:
        grouped.setdefault(conversation_id, []).append(session)
    return [
        Conversation(
            id=c,
            sessions=tuple(s),
            participants=tuple(dict.fromkeys(p for x in s for p in x.speakers)),
        )
        for c, s in grouped.items()
    ]
