"""Benchmark questions with the turns that hold their answers, whatever the file format."""

from dataclasses import dataclass, field
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from hippograph.ingest.formats.reading import Loaded


class Question(BaseModel):
    """A question asked of one conversation, with its evidence turns (input ids, repaired)."""

    model_config = ConfigDict(frozen=True)

    id: str
    conversation_id: str
    question: str
    answer: str
    category: str
    evidence: tuple[str, ...]
    asked_at: datetime | None = None
    # Unanswerable on purpose (LoCoMo's adversarial category, LongMemEval's abstention
    # questions): kept for completeness, left out of recall metrics.
    unanswerable: bool = False


@dataclass
class EvidenceQuirks:
    """How many evidence ids needed repair or were dropped, by kind, for the report."""

    split: int = 0
    repaired: int = 0
    noise: int = 0
    unknown_turn: int = 0
    no_evidence: int = 0


@dataclass
class QuestionSet:
    """A benchmark file: its conversations, its questions, and what was repaired on the way."""

    loaded: Loaded
    questions: list[Question]
    quirks: EvidenceQuirks = field(default_factory=EvidenceQuirks)
