"""What the client sends and returns: typed views of the GraphQL schema's objects."""

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel


class _Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)

    def as_input(self) -> dict[str, Any]:
        """The GraphQL input value (camelCase, unset fields left out)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


# A turn's role: a participant of a transcript, or the user or the assistant of a chat.
Role = Literal["PERSON", "USER", "ASSISTANT"]


class RecallMode(StrEnum):
    DENSE = "DENSE"
    LEXICAL = "LEXICAL"
    HYBRID = "HYBRID"
    ASSOCIATIVE = "ASSOCIATIVE"


def session_start(session_id: str, given: dt.datetime | None = None) -> dt.datetime:
    """A new session's date, which anchors what its turns say ("yesterday"): the one given;
    else the date its id names when it is one ("2025-03-04", as a daily session is often
    named); else now (UTC). An append sends it, but only an append that creates the session
    uses it: an existing session keeps its stored date."""
    if given is not None:
        return given
    try:
        return dt.datetime.fromisoformat(session_id)
    except ValueError:
        return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def new_turn_id() -> str:
    """A turn id that no other turn has: ``t-`` and a random UUID's 32 hex digits."""
    return f"t-{uuid.uuid4().hex}"


class TurnIn(_Model):
    speaker: str
    text: str = ""
    id: str | None = None
    role: Role | None = Field(default=None, description="PERSON (the default), USER or ASSISTANT")
    timestamp: dt.datetime | None = None
    image_caption: str | None = None

    @field_validator("role", mode="before")
    @classmethod
    def _upper(cls, role: Any) -> Any:
        return role.upper() if isinstance(role, str) else role

    def identified(self) -> "TurnIn":
        """This turn with an id: its own, else a new one (``new_turn_id``)."""
        return self if self.id else self.model_copy(update={"id": new_turn_id()})


class OnConflict(StrEnum):
    """What storing a session does when the scope holds its (conversation, id) with other
    content: replace it (outcome REPLACED), keep the stored one (SKIPPED), or fail
    (ConflictError; FAILED with error_code CONFLICT in a batch)."""

    REPLACE = "replace"
    SKIP = "skip"
    FAIL = "fail"


class SessionIn(_Model):
    """One session as hippograph's JSONL holds it; stored as <conversation>/<id>."""

    id: str
    turns: list[TurnIn]
    conversation: str | None = None
    started_at: dt.datetime | None = None


class Turn(_Model):
    """A stored turn: ``id`` is ``<conversation>/<source id>``, ``source_id`` the id it was
    given (or ``<session>:<position>``). ``role`` (PERSON, USER or ASSISTANT) and
    ``timestamp`` are read with a session's turns (``session_turns``), not with a recall."""

    id: str
    source_id: str
    speaker: str
    text: str
    image_caption: str | None = None
    position: int
    role: Role | None = None
    timestamp: dt.datetime | None = None


class AppendedTurn(_Model):
    """One turn of an append, in the order given: its stored id, the id it was sent with,
    its position in the session, and whether this call stored it (``new``: false when the
    session held it already, as after a retry)."""

    id: str
    source_id: str
    position: int
    new: bool


class TurnsAppended(_Model):
    """What an append did: the session (``session_id`` is ``<conversation>/<session>``;
    ``created`` when it was new; ``started_at`` its stored date, which an append to an
    existing session never changes), its turns after the append, and what this call stored:
    turns, the EDUs derived from them, and the earlier statements they superseded."""

    session_id: str
    created: bool
    started_at: dt.datetime | None = None
    turn_count: int
    stored: int
    edus: int
    superseded: int
    turns: list[AppendedTurn]


class EventDate(_Model):
    start: dt.date
    end: dt.date
    granularity: str
    expression: str


class SceneRef(_Model):
    id: str
    level: int
    summary: str | None = None


class Explanation(_Model):
    mode: RecallMode
    dense_rank: int | None = None
    lexical_rank: int | None = None
    activation_rank: int | None = None
    matched_terms: list[str] = []
    summary: str


class Supersession(_Model):
    """The statement that superseded a memory: from when, and how it was decided."""

    id: str
    text: str
    at: dt.date | None = None
    how: str
    attribute: str


class Memory(_Model):
    """One recalled EDU with its provenance: the statement, who said it, when, and the
    source turns it came from; from when it holds, until when, and what superseded it."""

    rank: int
    score: float
    id: str
    text: str
    speakers: list[str]
    session_id: str
    session_date: dt.datetime | None = None
    date: EventDate | None = None
    turns: list[Turn]
    scene: SceneRef | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    superseded_by: Supersession | None = None
    explanation: Explanation


class HeldValue(_Model):
    """One statement of a subject's history: the value it gave an attribute, and when it
    held (valid_to None: still valid)."""

    edu_id: str
    text: str
    session_id: str
    session_date: dt.datetime | None = None
    attribute: str
    value: str
    ended: bool
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    superseded_by: str | None = None
    how: str | None = None


class Recall(_Model):
    scope: str
    question: str
    resolved: str
    mode: RecallMode
    entity_keys: list[str]
    memories: list[Memory]


class SessionOutcome(_Model):
    session_id: str
    status: str
    turns: int
    edus: int
    error_code: str | None = None
    error: str | None = None


class Job(_Model):
    id: str
    scope: str
    kind: str = "INGEST"
    state: str
    total: int
    done: int
    turns: int
    edus: int
    outcomes: list[SessionOutcome]
    error: str | None = None
    export: str | None = None  # an export job's JSONL, once DONE

    @property
    def finished(self) -> bool:
        return self.state in ("DONE", "FAILED")


class ScenesBuilt(_Model):
    scope: str
    scenes: int
    personas: int
    seconds: float


class Session(_Model):
    id: str
    conversation: str | None = None
    source_id: str | None = None
    started_at: dt.datetime | None = None
    turn_count: int
    edu_count: int


class Scope(_Model):
    id: str
    session_count: int


class Entity(_Model):
    id: str
    name: str
    type: str
    aliases: list[str] = []
    session_count: int
    edu_count: int


class Scene(_Model):
    """A Leiden community of EDUs at one level (0 is the finest), summarized."""

    id: str
    level: int
    size: int
    sessions: int
    start: dt.date | None = None
    end: dt.date | None = None
    top_entities: list[str] = []
    summary: str
    parent_id: str | None = None


class Persona(_Model):
    """What one speaker said of themselves, gathered: themes, dominant scenes, facts."""

    id: str
    name: str
    statements: int
    sessions: int
    themes: list[str] = []
    summary: str
    scenes: list[Scene] = []
    facts: list[str] = []


T = TypeVar("T")


class Page(_Model, Generic[T]):
    """One page of a listing, and the cursor to ask for the next (None: the last page)."""

    items: list[T]
    next_cursor: str | None = None
