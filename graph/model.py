"""hippograph's memory model: scopes, sessions and turns in; EDUs and entities out.

Every boundary passes these typed, validated models. Ids are unique within a scope; every
node in the graph carries its scope and nothing links across scopes.
"""

import hashlib
import json
import re
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from hippograph.graph.errors import InvalidInputError, LimitExceededError

# The grammar of every id a caller names a thing by: scopes, conversations, sessions. No "/",
# so a session's stored id "<conversation>/<session>" names one pair and never another.
ID_GRAMMAR = "1 to 128 letters, digits and . _ : @ -, starting with a letter or digit"
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}")


def _identifier(value: str) -> str:
    if not _ID.fullmatch(value):
        raise ValueError(f"{value[:80]!r} is not an id: an id is {ID_GRAMMAR}")
    return value


def check_id(field: str, value: str) -> str:
    """``value`` if it follows the id grammar; else a ValueError that names ``field``."""
    try:
        return _identifier(value)
    except ValueError as error:
        raise ValueError(f"{field}: {error}") from None


def check_count(field: str, value: int, limit: int) -> int:
    """``value`` if it is a count from 1 to ``limit``: below 1 it means nothing (a validation
    error naming ``field``), above ``limit`` it asks too much (a limit error carrying it)."""
    if value < 1:
        raise InvalidInputError(f"{field} must be at least 1, not {value}", field)
    if value > limit:
        raise LimitExceededError(f"{field} is {value}; the limit is {limit}", limit)
    return value


Identifier = Annotated[str, AfterValidator(_identifier)]
ScopeId = Identifier
ItemId = Annotated[str, StringConstraints(min_length=1, max_length=256, strip_whitespace=True)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
MAX_KEY_CHARS = 200


def _tail_words(text: str) -> str:
    """At most MAX_KEY_CHARS of ``text``, cut before whole words from the front: a noun phrase
    ends in its head ("the big … red bread oven" keeps "red bread oven")."""
    text = text.strip()
    if len(text) <= MAX_KEY_CHARS:
        return text
    tail = text[-MAX_KEY_CHARS:]
    return tail.split(" ", 1)[1] if " " in tail else tail


# Keys and names the extractor derives from what was said: bounded, never refused, since a
# user's long noun phrase is not an error.
DerivedKey = Annotated[str, StringConstraints(min_length=1), AfterValidator(_tail_words)]

# A turn may be long (pasted documents), but not unbounded: one turn, at most 100 kB of text.
MAX_TURN_CHARS = 100_000


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ScopeKind(StrEnum):
    USER = "user"
    CONVERSATION = "conversation"


class Scope(Frozen):
    """Whose memory this is: a user's, or one conversation's. Everything is read per scope."""

    id: ScopeId
    kind: ScopeKind = ScopeKind.CONVERSATION


class Role(StrEnum):
    """Who produced a turn: a person in a conversation, or the user/assistant of a chat app."""

    PERSON = "person"
    USER = "user"
    ASSISTANT = "assistant"


class Turn(Frozen):
    id: ItemId
    speaker: Name
    text: Annotated[str, StringConstraints(max_length=MAX_TURN_CHARS)]
    role: Role = Role.PERSON
    timestamp: datetime | None = None
    image_caption: Annotated[str, StringConstraints(max_length=2_000)] | None = None

    @model_validator(mode="after")
    def _has_content(self) -> Self:
        if not self.text.strip() and not self.image_caption:
            raise ValueError(f"turn {self.id} has neither text nor an image caption")
        return self


class Session(Frozen):
    """One sitting of a conversation: dated turns in order."""

    id: ItemId
    started_at: datetime | None = None
    turns: tuple[Turn, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_turn_ids(self) -> Self:
        ids = [turn.id for turn in self.turns]
        if len(set(ids)) != len(ids):
            duplicates = sorted({i for i in ids if ids.count(i) > 1})
            raise ValueError(f"session {self.id} repeats turn ids {duplicates}")
        return self

    @property
    def speakers(self) -> list[str]:
        """Distinct speakers in order of first appearance."""
        return list(dict.fromkeys(turn.speaker for turn in self.turns))

    @property
    def input_hash(self) -> str:
        """What was given, hashed: the same for a session read back from the graph as for the
        session sent (instants compared in UTC, whatever zone object the driver returns)."""
        given = [
            self.id,
            _instant(self.started_at),
            [
                [t.id, t.speaker, t.role.value, t.text, t.image_caption, _instant(t.timestamp)]
                for t in self.turns
            ],
        ]
        return hashlib.sha256(json.dumps(given).encode()).hexdigest()


def _instant(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo is None else moment.astimezone(UTC)).isoformat()


class OnConflict(StrEnum):
    """What storing a session does when one with its identity is stored with other content."""

    REPLACE = "replace"  # store the new one; its outcome says REPLACED
    SKIP = "skip"  # keep the stored one; the outcome says SKIPPED
    FAIL = "fail"  # keep the stored one; the outcome is a CONFLICT failure


class Conversation(Frozen):
    """Sessions that belong together (one LoCoMo sample, one LongMemEval question's haystack).

    A session's identity is the pair (conversation id, session id); both follow the id grammar.
    """

    id: Identifier
    sessions: tuple[Session, ...]
    participants: tuple[Name, ...] = ()

    @model_validator(mode="after")
    def _session_ids(self) -> Self:
        for session in self.sessions:
            check_id("session", session.id)
        return self


class Granularity(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"


class EventDate(Frozen):
    """When something happened, as a closed range of days with the precision that was said."""

    start: date
    end: date
    granularity: Granularity
    expression: str = Field(description="the words it was resolved from, e.g. 'last week'")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise ValueError("an event date cannot end before it starts")
        return self


class EntityType(StrEnum):
    PERSON = "person"
    PLACE = "place"
    ORGANIZATION = "organization"
    EVENT = "event"
    WORK = "work"
    PRODUCT = "product"
    IDENTIFIER = "identifier"
    CONCEPT = "concept"


class MentionRole(StrEnum):
    SPEAKER = "speaker"
    ADDRESSEE = "addressee"
    SUBJECT = "subject"
    OBJECT = "object"
    MENTION = "mention"


class Mention(Frozen):
    """An entity as one EDU refers to it."""

    key: DerivedKey
    name: DerivedKey
    type: EntityType
    role: MentionRole = MentionRole.MENTION


class Act(StrEnum):
    """What an EDU does: state something, or only ask."""

    STATEMENT = "statement"
    QUESTION = "question"


class Frame(Frozen):
    """What a statement asserts about whom, as supersession compares statements
    (graph/supersession.py): "we moved to Porto" said by Ana is (ana, residence, porto)."""

    subject: DerivedKey = Field(description="the key of whom it is about")
    attribute: DerivedKey = Field(description="e.g. residence, employer, favorite book")
    value: str = Field(description="the key of the value: a place, a count, yes for a habit")
    ends: bool = Field(
        default=False, description="it says the value (any, when empty) stopped holding"
    )
    marker: str = Field(default="", description="the change words it carries: moved, now, …")


class EDU(Frozen):
    """An elementary discourse unit: one short statement readable without its conversation."""

    id: str
    scope: ScopeId
    session_id: ItemId
    text: Annotated[str, StringConstraints(min_length=1)]
    speakers: tuple[Name, ...] = Field(min_length=1)
    turn_ids: tuple[ItemId, ...] = Field(min_length=1, description="the turns it states")
    context_turn_ids: tuple[ItemId, ...] = Field(
        default=(), description="turns it needed to be understood (the question it answers)"
    )
    session_date: datetime | None = None
    date: EventDate | None = None
    mentions: tuple[Mention, ...] = ()
    act: Act = Act.STATEMENT
    frame: Frame | None = None
    extractor: str
    extractor_version: str

    @property
    def search_key(self) -> str:
        """What lexical search matches: the text after the day it was said ("(8 May 2023) …").

        On the LoCoMo dev split the day in the key raised R@10 of an in-memory BM25 + MiniLM
        prototype by 0.7 point. It is what is embedded too: with MiniLM the day lowered dense
        recall, with e5-small-v2 it raises it (docs/evaluation.md).
        """
        if self.session_date is None:
            return self.text
        day = self.session_date
        return f"({day.day} {day:%B} {day.year}) {self.text}"

    @staticmethod
    def make_id(scope: str, session_id: str, text: str) -> str:
        """Stable id: the same statement in the same session of the same scope, the same id."""
        digest = hashlib.sha256("\x1f".join((scope, session_id, text)).encode()).hexdigest()
        return f"edu-{digest[:24]}"


class Entity(Frozen):
    """One thing the memory knows about, within one scope, with every name it goes by."""

    scope: ScopeId
    key: str
    name: Name
    type: EntityType
    aliases: tuple[str, ...] = ()
    session_count: int = Field(ge=0, description="in how many sessions it is mentioned")
    edu_count: int = Field(ge=0)


class Scene(Frozen):
    """A Leiden community of EDUs at one level (0 the finest), as graph/gds/scenes.py built it."""

    id: str
    level: int
    size: int
    sessions: int
    start: date | None = None
    end: date | None = None
    top_entities: tuple[str, ...] = ()
    summary: str = ""
    summarized_by: str = "extractive"
    parent_id: str | None = None


class Persona(Frozen):
    """What one speaker said, gathered: dominant scenes and salient first-person facts."""

    id: str
    name: str
    statements: int
    sessions: int
    themes: tuple[str, ...] = ()
    summary: str = ""
    summarized_by: str = "extractive"
    scenes: tuple[Scene, ...] = ()
    facts: tuple[str, ...] = ()


class SummaryWrite(Frozen):
    """A summary written by a chat model for one scene or persona, replacing the extractive one."""

    kind: Literal["scene", "persona"]
    id: str
    summary: str
    model: str


class EmbeddingRecord(Frozen):
    """The model that embedded a scope, as the scope keeps it: vectors of one model are
    meaningless to another, so a scope is searched only with the model recorded here."""

    name: str = Field(min_length=1, description="e.g. e5-small-v2-int8, or openai:<model>")
    artifact: str = Field(default="", description="Maven coordinates of a local model")
    dimensions: int = Field(ge=1)
    query_prefix: str = ""
    passage_prefix: str = ""

    def describe(self) -> str:
        return f"{self.name} ({self.artifact})" if self.artifact else self.name
