"""What a recall takes and gives: a prepared query, filters, and explained hits with provenance."""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import Field, model_validator

from hippograph.graph.model import EventDate, Frozen, Granularity, Role

Day = date  # for fields beside one named "date"

# Longer questions are not questions; they would also make every index lookup slower.
MAX_QUERY_CHARS = 2_000
MAX_K = 200


class RecallMode(StrEnum):
    DENSE = "dense"
    LEXICAL = "lexical"
    HYBRID = "hybrid"
    ASSOCIATIVE = "associative"


class RecallFilters(Frozen):
    """Optional narrowing: one speaker, one session, event dates overlapping a range, and
    what was valid on one day (``as_of``: held from then or before, not superseded by then)."""

    speaker: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    session: Annotated[str, Field(min_length=1, max_length=256)] | None = None
    date_from: date | None = None
    date_to: date | None = None
    as_of: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValueError("date_to is before date_from")
        return self

    @property
    def narrowing(self) -> bool:
        return any(
            v is not None
            for v in (self.speaker, self.session, self.date_from, self.date_to, self.as_of)
        )


class RecallQuery(Frozen):
    """A question prepared for recall the way EDUs were prepared for storage: relative dates
    made absolute, entities normalized to keys, text embedded by the same model."""

    question: Annotated[str, Field(min_length=1, max_length=MAX_QUERY_CHARS)]
    text: Annotated[str, Field(min_length=1, max_length=4 * MAX_QUERY_CHARS)]
    embedding: tuple[float, ...] = Field(min_length=1)
    date: EventDate | None = None
    entity_keys: tuple[str, ...] = ()
    asks_when: bool = Field(
        default=False, description="it asks for a time (when …?, in which year …?)"
    )
    asks_list: bool = Field(
        default=False,
        description="it asks for several things or how many (what activities …?, how many …?)",
    )
    asks_about: tuple[str, str] | None = Field(
        default=None,
        description="the subject and attribute it asks of (Where does Ana live? → ana, "
        "residence): statements with that frame rank first",
    )
    embedded_by: str | None = Field(
        default=None,
        description="the model that made ``embedding``; recall refuses a scope another "
        "model embedded (None: not checked)",
    )


class SourceTurn(Frozen):
    id: str
    source_id: str
    speaker: str
    text: str
    image_caption: str | None = None
    position: int
    role: Role = Role.PERSON
    timestamp: datetime | None = None


@dataclass(frozen=True)
class Candidate:
    """An EDU found by the index searches, with its rank and score in each list."""

    id: str
    score: float
    dense_rank: int | None
    dense_score: float | None
    lexical_rank: int | None
    lexical_score: float | None


class PathStep(Frozen):
    """One node on the way from a seed of associative recall to a hit."""

    kind: str  # EDU or Entity
    id: str
    name: str


class SceneRef(Frozen):
    id: str
    level: int
    summary: str | None = None


class Explanation(Frozen):
    """Why a hit was returned: where it ranked in each list that found it, which query words it
    shares, and for associative recall how much activation reached it and along which path
    from which seed (the path's last step; the hit itself when it was a seed)."""

    mode: RecallMode
    dense_rank: int | None = None
    dense_score: float | None = None
    lexical_rank: int | None = None
    lexical_score: float | None = None
    matched_terms: tuple[str, ...] = ()
    activation_rank: int | None = None
    activation_score: float | None = None
    path: tuple[PathStep, ...] = ()

    @property
    def seed(self) -> PathStep | None:
        return self.path[-1] if self.path else None

    @property
    def summary(self) -> str:
        parts = []
        if self.dense_rank is not None:
            parts.append(f"similar in meaning (#{self.dense_rank}, {self.dense_score:.3f})")
        if self.lexical_rank is not None:
            words = ", ".join(self.matched_terms) or "stemmed words"
            parts.append(f"shares {words} (#{self.lexical_rank}, BM25 {self.lexical_score:.2f})")
        if self.activation_rank is not None:
            parts.append(f"activated (#{self.activation_rank}, PPR {self.activation_score:.4f})")
        if len(self.path) > 1:
            parts.append("via " + " → ".join(step.name[:40] for step in self.path[1:]))
        return "; ".join(parts)


class Supersession(Frozen):
    """The statement that superseded an EDU: what it said, from when, and how it was decided
    (offline: the frames of graph/supersession.py; llm:<model>: a chat model agreed)."""

    id: str
    text: str
    at: date | None = None
    how: str
    attribute: str


class StoredEDU(Frozen):
    """An EDU as stored, with its provenance (source turns, session and scene) and its
    validity: from when it holds, until when, and what superseded it."""

    id: str
    text: str
    speakers: tuple[str, ...]
    session_id: str
    session_date: datetime | None = None
    date: EventDate | None = None
    turns: tuple[SourceTurn, ...] = Field(description="the turns the EDU states")
    context_turns: tuple[SourceTurn, ...] = Field(description="turns it was understood from")
    scene: SceneRef | None = None
    valid_from: Day | None = None
    valid_to: Day | None = None
    superseded_by: Supersession | None = None

    @property
    def cited_turn_ids(self) -> list[str]:
        return [t.id for t in self.turns]

    @classmethod
    def fields_of(cls, row: dict[str, Any]) -> dict[str, Any]:
        """The model's fields from a row of ``recall/get_edus`` (driver values made native)."""
        return {
            "id": row["id"],
            "text": row["text"],
            "speakers": tuple(row["speakers"]),
            "session_id": row["session"],
            "session_date": row["session_date"],
            "date": event_date(row),
            "turns": tuple(SourceTurn.model_validate(t) for t in row["turns"]),
            "context_turns": tuple(SourceTurn.model_validate(t) for t in row["context"]),
            "scene": SceneRef.model_validate(row["scene"]) if row["scene"] else None,
            "valid_from": row["valid_from"],
            "valid_to": row["valid_to"],
            "superseded_by": Supersession.model_validate(row["superseded_by"])
            if row["superseded_by"]
            else None,
        }


class RecallHit(StoredEDU):
    score: float
    explanation: Explanation


def event_date(row: dict[str, Any]) -> EventDate | None:
    """The EDU's event date from its stored properties, if it has one."""
    if row.get("date") is None:
        return None
    return EventDate.model_validate(
        {
            "start": row["date"],
            "end": row["date_end"] or row["date"],
            "granularity": Granularity(str(row["date_granularity"])),
            "expression": row["date_expression"] or "",
        }
    )
