"""What the client sends and returns: typed views of the GraphQL schema's objects."""

import datetime as dt
from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class _Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)

    def as_input(self) -> dict[str, Any]:
        """The GraphQL input value (camelCase, unset fields left out)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class RecallMode(StrEnum):
    DENSE = "DENSE"
    LEXICAL = "LEXICAL"
    HYBRID = "HYBRID"
    ASSOCIATIVE = "ASSOCIATIVE"


class TurnIn(_Model):
    speaker: str
    text: str = ""
    id: str | None = None
    role: str | None = Field(default=None, description="PERSON, USER or ASSISTANT")
    timestamp: dt.datetime | None = None
    image_caption: str | None = None


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
    id: str
    source_id: str
    speaker: str
    text: str
    image_caption: str | None = None
    position: int


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
