"""LongMemEval: a JSON list of questions, each with a haystack of dated user/assistant sessions.

Each question's haystack becomes one conversation. The user is the speaker of interest; the
assistant's turns are kept with their role so recall can weigh them differently.
"""

from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hippograph.graph.model import Conversation, Role, Session, Turn
from hippograph.ingest.errors import LoadError
from hippograph.ingest.formats.questions import Question, QuestionSet
from hippograph.ingest.formats.reading import Loaded, describe, expect, read_json

_DATE_FORMATS = ("%Y/%m/%d (%a) %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d")
_ROLES = {"user": Role.USER, "assistant": Role.ASSISTANT}


def parse_longmemeval_date(text: str) -> datetime:
    for date_format in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), date_format)
        except ValueError:
            continue
    raise ValueError(text)


def _turns(path: Path, where: str, session_id: str, raw: list[Any]) -> list[Turn]:
    turns = []
    for index, item in enumerate(raw):
        turn_where = f"{where}, turn {index}"
        item = expect(item, dict, path, turn_where, "a turn")
        role = _ROLES.get(str(item.get("role", "")).lower())
        if role is None:
            raise LoadError(path, turn_where, f"unknown role {item.get('role')!r}")
        try:
            turns.append(
                Turn(
                    id=f"{session_id}:{index}",
                    speaker="User" if role is Role.USER else "Assistant",
                    role=role,
                    text=item.get("content", ""),
                )
            )
        except ValidationError as error:
            raise LoadError(path, turn_where, describe(error)) from error
    return turns


def load_longmemeval(path: Path) -> Loaded:
    return _loaded(path, read_json(path))


def _loaded(path: Path, data: Any) -> Loaded:
    data = expect(data, list, path, "top level", "a LongMemEval file")
    conversations, skipped = [], []
    for position, item in enumerate(data):
        item = expect(item, dict, path, f"item {position}", "a question")
        question_id = str(item.get("question_id") or f"question-{position}")
        where = f"question {question_id}"
        haystack = expect(item.get("haystack_sessions"), list, path, where, "'haystack_sessions'")
        dates = expect(
            item.get("haystack_dates", [None] * len(haystack)),
            list,
            path,
            where,
            "'haystack_dates'",
        )
        ids = expect(
            item.get("haystack_session_ids", [f"s{i}" for i in range(len(haystack))]),
            list,
            path,
            where,
            "'haystack_session_ids'",
        )
        if not len(haystack) == len(dates) == len(ids):
            raise LoadError(path, where, "haystack sessions, dates and ids differ in length")
        sessions = []
        for raw, date_text, session_id in zip(haystack, dates, ids, strict=True):
            session_where = f"{where}, session {session_id}"
            raw = expect(raw, list, path, session_where, "a session")
            if not raw:
                skipped.append(f"{question_id} {session_id}: no turns")
                continue
            try:
                started_at = parse_longmemeval_date(date_text) if date_text else None
            except ValueError as error:
                raise LoadError(path, session_where, f"unreadable date {date_text!r}") from error
            turns = _turns(path, session_where, str(session_id), raw)
            sessions.append(Session(id=str(session_id), started_at=started_at, turns=tuple(turns)))
        try:
            conversations.append(
                Conversation(id=question_id, sessions=tuple(sessions), participants=("User",))
            )
        except ValidationError as error:
            raise LoadError(path, where, describe(error)) from error
    return Loaded(path=path, conversations=conversations, skipped=skipped)


def load_longmemeval_questions(path: Path) -> QuestionSet:
    """Every question of a LongMemEval file with its evidence: the haystack turns marked
    ``has_answer``. Abstention questions (ids ending in ``_abs``) are marked unanswerable."""
    data = read_json(path)
    loaded = _loaded(path, data)
    question_set = QuestionSet(loaded, [])
    for position, item in enumerate(data):
        question_id = str(item.get("question_id") or f"question-{position}")
        evidence = [
            f"{session_id}:{index}"
            for session_id, turns in zip(
                item.get("haystack_session_ids", []), item["haystack_sessions"], strict=False
            )
            for index, turn in enumerate(turns)
            if isinstance(turn, dict) and turn.get("has_answer")
        ]
        unanswerable = question_id.endswith("_abs")
        if not evidence and not unanswerable:
            question_set.quirks.no_evidence += 1
            continue
        date_text = item.get("question_date")
        try:
            asked_at = parse_longmemeval_date(date_text) if date_text else None
        except ValueError as error:
            raise LoadError(
                path, f"question {question_id}", f"unreadable date {date_text!r}"
            ) from error
        question_set.questions.append(
            Question(
                id=question_id,
                conversation_id=question_id,
                question=str(item.get("question", "")),
                answer=str(item.get("answer", "")),
                category=str(item.get("question_type", "unknown")),
                evidence=tuple(evidence),
                asked_at=asked_at,
                unanswerable=unanswerable,
            )
        )
    return question_set
