"""LoCoMo: a JSON list of samples, each a two-person conversation in dated sessions.

Quirks handled here: sessions may have a date but no turns (skipped, and reported); turns that
share an image carry its ``blip_caption``, which becomes part of the turn's content.
"""

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hippograph.graph.model import Conversation, Session, Turn
from hippograph.ingest.errors import LoadError
from hippograph.ingest.formats.questions import EvidenceQuirks, Question, QuestionSet
from hippograph.ingest.formats.reading import Loaded, describe, expect, read_json

_SESSION_KEY = re.compile(r"^session_(\d+)$")
_DATE_FORMAT = "%I:%M %p on %d %B, %Y"  # "1:56 pm on 8 May, 2023"


def parse_locomo_date(text: str) -> datetime:
    return datetime.strptime(text.strip(), _DATE_FORMAT)


def _session(path: Path, where: str, number: int, raw: list[Any], date_text: Any) -> Session:
    started_at = None
    if date_text is not None:
        try:
            started_at = parse_locomo_date(expect(date_text, str, path, where, "the date"))
        except ValueError as error:
            raise LoadError(path, where, f"unreadable session date {date_text!r}") from error
    turns = []
    for index, item in enumerate(raw):
        turn_where = f"{where}, turn {index}"
        item = expect(item, dict, path, turn_where, "a turn")
        try:
            turns.append(
                Turn(
                    id=item.get("dia_id", ""),
                    speaker=item.get("speaker", ""),
                    text=item.get("text", ""),
                    image_caption=item.get("blip_caption"),
                )
            )
        except ValidationError as error:
            raise LoadError(path, turn_where, describe(error)) from error
    return Session(id=f"session_{number}", started_at=started_at, turns=tuple(turns))


def load_locomo(path: Path) -> Loaded:
    return _loaded(path, read_json(path))


def _loaded(path: Path, data: Any) -> Loaded:
    data = expect(data, list, path, "top level", "a LoCoMo file")
    conversations, skipped = [], []
    for position, sample in enumerate(data):
        sample = expect(sample, dict, path, f"item {position}", "a sample")
        sample_id = sample.get("sample_id") or f"sample-{position}"
        where = f"sample {sample_id}"
        raw = expect(sample.get("conversation"), dict, path, where, "'conversation'")
        numbers = sorted(int(m.group(1)) for k in raw if (m := _SESSION_KEY.match(k)))
        sessions = []
        for number in numbers:
            turns = expect(
                raw[f"session_{number}"], list, path, f"{where}, session {number}", "a session"
            )
            if not turns:
                skipped.append(f"{sample_id} session_{number}: no turns")
                continue
            sessions.append(
                _session(
                    path,
                    f"{where}, session {number}",
                    number,
                    turns,
                    raw.get(f"session_{number}_date_time"),
                )
            )
        participants = tuple(p for p in (raw.get("speaker_a"), raw.get("speaker_b")) if p)
        try:
            conversations.append(
                Conversation(id=sample_id, sessions=tuple(sessions), participants=participants)
            )
        except ValidationError as error:
            raise LoadError(path, where, describe(error)) from error
    return Loaded(path=path, conversations=conversations, skipped=skipped)


_EVIDENCE_ID = re.compile(r"D:?(\d+):0*(\d+)")


def parse_evidence(raw: list[str], known: set[str], quirks: EvidenceQuirks) -> tuple[str, ...]:
    """Turn ids from LoCoMo evidence strings: split lists, repair 'D:11:26' and 'D30:05'."""
    ids: list[str] = []
    for item in raw:
        pieces = re.split(r"[;,\s]+", item.strip())
        if len([p for p in pieces if p]) > 1:
            quirks.split += 1
        for piece in filter(None, pieces):
            match = _EVIDENCE_ID.fullmatch(piece)
            if match is None:
                quirks.noise += 1
                continue
            turn_id = f"D{int(match.group(1))}:{int(match.group(2))}"
            if turn_id != piece:
                quirks.repaired += 1
            if turn_id not in known:
                quirks.unknown_turn += 1
                continue
            if turn_id not in ids:
                ids.append(turn_id)
    return tuple(ids)


# The benchmark's own category numbers, named as in its evaluation code.
CATEGORIES = {1: "multi-hop", 2: "temporal", 3: "open-domain", 4: "single-hop", 5: "adversarial"}


def load_locomo_questions(path: Path) -> QuestionSet:
    """The conversations of a LoCoMo file and every question with repaired evidence
    (questions without any are skipped and counted), from one read of the file."""
    data = read_json(path)
    loaded = _loaded(path, data)
    known = {c.id: {t.id for s in c.sessions for t in s.turns} for c in loaded.conversations}
    quirks = EvidenceQuirks()
    questions = []
    for position, sample in enumerate(data):
        sample_id = sample.get("sample_id") or f"sample-{position}"
        for number, item in enumerate(expect(sample.get("qa", []), list, path, sample_id, "'qa'")):
            where = f"sample {sample_id}, question {number}"
            item = expect(item, dict, path, where, "a question")
            evidence = parse_evidence(item.get("evidence", []), known[sample_id], quirks)
            if not evidence:
                quirks.no_evidence += 1
                continue
            category = CATEGORIES.get(item.get("category", 0))
            if category is None:
                raise LoadError(path, where, f"unknown category {item.get('category')!r}")
            answer = item.get("answer", item.get("adversarial_answer", ""))
            questions.append(
                Question(
                    id=f"{sample_id}/q{number}",
                    conversation_id=sample_id,
                    question=str(item.get("question", "")),
                    answer=str(answer),
                    category=category,
                    evidence=evidence,
                    unanswerable=category == "adversarial",
                )
            )
    return QuestionSet(loaded, questions, quirks)
