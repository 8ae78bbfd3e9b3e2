"""Measuring supersession: detection against hippograph's labelled set, the links it makes on
any conversations (for reading), and recall@1 of "now" and "as of" questions.

The labelled set (sets/supersession.json) holds three conversations written for this project,
the changes of fact they state as (earlier turn, later turn) pairs, look-alike non-changes
(repeats, additions, hypotheticals, plans, other people's facts), and questions whose answer
is the statement valid now or on a date. Each earlier statement is labelled with the
statement that first closes it. Pairs are compared turn by turn.
"""

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from hippograph.graph.model import EDU, Conversation, Scope
from hippograph.graph.recall.model import RecallHit
from hippograph.graph.supersession import Link, supersessions
from hippograph.ingest.extract.extractor import Extractor
from hippograph.ingest.records import SessionRecord
from hippograph.ingest.supersession.frames import framed_statements


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LabelledPair(_Strict):
    conversation: str
    earlier: str
    later: str
    attribute: str = ""  # of a change
    kind: str = ""  # of a non-change: repeat, addition, hypothetical, plan, other, …


class TimeQuestion(_Strict):
    conversation: str
    question: str
    as_of: date | None = None  # None: "now"
    answers: tuple[str, ...]  # turns stating what is (was) valid


class LabelledConversation(_Strict):
    id: str
    sessions: tuple[SessionRecord, ...]

    def conversation(self) -> Conversation:
        return Conversation(id=self.id, sessions=tuple(s.to_session() for s in self.sessions))


class SupersessionSet(_Strict):
    about: str
    conversations: tuple[LabelledConversation, ...]
    changes: tuple[LabelledPair, ...]
    non_changes: tuple[LabelledPair, ...]
    questions: tuple[TimeQuestion, ...]


def load_set(path: Path | None = None) -> SupersessionSet:
    """The labelled set at ``path`` (a file, or a folder whose ``*.json`` sets, in it and
    below, are read as one), else the one hippograph ships."""
    if path is None:
        shipped = resources.files("hippograph.evaluation.sets").joinpath("supersession.json")
        return SupersessionSet.model_validate(json.loads(shipped.read_text(encoding="utf-8")))
    files = sorted(path.rglob("*.json")) if path.is_dir() else [path]
    if not files:
        raise FileNotFoundError(f"no labelled set (*.json) in {path}")
    parts = [
        SupersessionSet.model_validate(json.loads(f.read_text(encoding="utf-8"))) for f in files
    ]
    return SupersessionSet(
        about=" ".join(dict.fromkeys(p.about for p in parts)),
        conversations=tuple(c for p in parts for c in p.conversations),
        changes=tuple(x for p in parts for x in p.changes),
        non_changes=tuple(x for p in parts for x in p.non_changes),
        questions=tuple(x for p in parts for x in p.questions),
    )


@dataclass(frozen=True)
class FoundLink:
    """A link the rule made, with the statements it joins."""

    conversation: str
    link: Link
    earlier: EDU
    later: EDU

    @property
    def turns(self) -> tuple[str, str, str]:
        return self.conversation, self.earlier.turn_ids[0], self.later.turn_ids[0]


def detect(
    conversations: Iterable[Conversation],
    extractor: Extractor,
    judge: Callable[[Sequence[FoundLink]], Sequence[bool]] | None = None,
) -> list[FoundLink]:
    """The links the offline rule makes in each conversation (extracted by ``extractor``,
    in time order as ingest stores it), kept where ``judge`` agrees when one is given."""
    found: list[FoundLink] = []
    for conversation in conversations:
        scope = Scope(id=conversation.id)
        sessions = list(conversation.sessions)
        edus = [edu for s in sessions for edu in extractor.extract(scope, s).edus]
        by_id = {edu.id: edu for edu in edus}
        found += [
            FoundLink(conversation.id, link, by_id[link.earlier], by_id[link.later])
            for link in supersessions(framed_statements(sessions, edus))
        ]
    if judge is None or not found:
        return found
    return [link for link, agreed in zip(found, judge(found), strict=True) if agreed]


@dataclass(frozen=True)
class DetectionScore:
    """Precision and recall of links, turn pair by turn pair. A link to a statement that
    repeats the labelled successor (a labelled repeat of it) is right too: it states the
    same change, found where the first statement of it was missed."""

    found: int
    right: int
    labelled: int
    recalled: int
    wrong: list[tuple[str, str, str]] = field(default_factory=list)
    missed: list[tuple[str, str, str]] = field(default_factory=list)
    wrong_non_changes: int = 0  # wrong links that are labelled look-alikes

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.labelled if self.labelled else 1.0


def changed(labelled: SupersessionSet) -> Callable[[str, str, str], bool]:
    """Whether (conversation, earlier turn, later turn) states a labelled change: the later
    turn is the earlier one's labelled successor, or a labelled repeat of it (of a repeat...)."""
    changes = {(p.conversation, p.earlier, p.later) for p in labelled.changes}
    repeats: dict[tuple[str, str], set[str]] = {}
    for p in labelled.non_changes:
        if p.kind == "repeat":
            repeats.setdefault((p.conversation, p.earlier), set()).add(p.later)

    def states_change(conversation: str, earlier: str, later: str) -> bool:
        successors = {b for c, a, b in changes if (c, a) == (conversation, earlier)}
        seen = set(successors)
        while successors:  # follow repeats of a successor, and repeats of those
            step = {r for s in successors for r in repeats.get((conversation, s), set())}
            successors = step - seen
            seen |= step
        return later in seen

    return states_change


def score_detection(labelled: SupersessionSet, found: Sequence[FoundLink]) -> DetectionScore:
    changes = {(p.conversation, p.earlier, p.later) for p in labelled.changes}
    non_changes = {(p.conversation, p.earlier, p.later) for p in labelled.non_changes}
    states_change = changed(labelled)
    pairs = {link.turns for link in found}
    right = {p for p in pairs if states_change(*p)}
    wrong = sorted(pairs - right)
    return DetectionScore(
        found=len(pairs),
        right=len(right),
        labelled=len(changes),
        recalled=len(changes & pairs),
        wrong=wrong,
        missed=sorted(changes - pairs),
        wrong_non_changes=len(set(wrong) & non_changes),
    )


def first_is_valid(question: TimeQuestion, hits: Sequence[RecallHit]) -> bool:
    """Whether the first hit states what the question's answer turns state."""
    return bool(hits) and any(t.source_id in question.answers for t in hits[0].turns)
