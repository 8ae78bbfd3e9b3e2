"""hippograph's own input format: JSON Lines, one session per line.

    {"conversation": "trip-planning", "session": "2024-03-02", "started_at": "2024-03-02T18:30:00",
     "turns": [{"id": "t1", "speaker": "Ana", "text": "We booked Lisbon!",
                "timestamp": null, "image_caption": null}, ...]}

``conversation`` groups sessions (default: the file name); ``started_at`` is ISO 8601 and
optional; turn ``id`` defaults to ``<session>:<n>``; ``role`` may be person, user or assistant.
Blank lines are ignored.
"""

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from neo4j import AsyncDriver
from pydantic import ValidationError

from hippograph.graph.export import session_records
from hippograph.graph.model import Conversation, Session, check_id
from hippograph.ingest.errors import InvalidSessionError, LoadError
from hippograph.ingest.formats.reading import Loaded, describe
from hippograph.ingest.records import SessionRecord, conversations_of


def _read(path: Path) -> Iterator[tuple[str, Session | None, str]]:
    """(conversation id, session or None when skipped, note) per line, reading as it goes.
    Lines are decoded one by one, so a byte that is not UTF-8 is reported by its line."""
    try:
        with path.open("rb") as lines:
            for number, raw in enumerate(lines, start=1):
                line = _decode(path, number, raw)
                if line.strip():
                    yield _parse_line(path, number, line)
    except OSError as error:
        raise LoadError(path, "file", f"cannot be read: {error}") from error


def _decode(path: Path, number: int, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LoadError(
            path,
            f"line {number}",
            f"is not UTF-8: byte 0x{raw[error.start]:02x} at column {error.start + 1} "
            "(save the file as UTF-8)",
        ) from error


def _parse_line(path: Path, number: int, line: str) -> tuple[str, Session | None, str]:
    where = f"line {number}"
    try:
        raw = SessionRecord.model_validate(json.loads(line))
    except json.JSONDecodeError as error:
        # json's own message stops mid-phrase ("Invalid control character at"): say where.
        said = error.msg.removesuffix(" at")
        short = "Unterminated" in said or error.pos >= len(line.rstrip("\r\n"))
        cut = " (is the line cut short?)" if short else ""
        raise LoadError(
            path, where, f"malformed JSON: {said} at column {error.colno}{cut}"
        ) from error
    except ValidationError as error:
        raise LoadError(path, where, describe(error)) from error
    conversation = raw.conversation or path.stem
    try:
        if raw.conversation is None:
            check_id("conversation (the file's name, as none is given)", conversation)
        if not raw.turns:
            return conversation, None, f"{raw.session}: no turns"
        session = raw.to_session()
    except ValidationError as error:
        raise LoadError(path, where, describe(error)) from error
    except (InvalidSessionError, ValueError) as error:  # check_id's ValueError names its field
        raise LoadError(path, where, str(error)) from error
    return conversation, session, ""


def load_jsonl(path: Path) -> Loaded:
    """The whole file in memory, sessions grouped by conversation."""
    read = list(_read(path))
    skipped = [note for _, session, note in read if session is None]
    sessions = [(c, session) for c, session, _ in read if session is not None]
    return Loaded(path=path, conversations=conversations_of(sessions), skipped=skipped)


@dataclass(frozen=True)
class JsonlScan:
    """What a validation pass over a JSONL file found, without keeping its sessions."""

    sessions: int
    turns: int
    conversation_ids: list[str]
    skipped: list[str]


def scan_jsonl(path: Path) -> JsonlScan:
    """Validate every line (raising on the first bad one) in constant memory."""
    sessions = turns = 0
    ids: dict[str, None] = {}
    skipped = []
    for conversation_id, session, note in _read(path):
        ids[conversation_id] = None
        if session is None:
            skipped.append(note)
        else:
            sessions += 1
            turns += len(session.turns)
    return JsonlScan(sessions, turns, list(ids), skipped)


def stream_jsonl(path: Path, max_sessions: int = 100) -> Iterator[Conversation]:
    """Conversations of consecutive lines, at most ``max_sessions`` sessions each, as read.

    Memory stays bounded by one chunk however large the file; a conversation whose lines are
    scattered arrives in several chunks (the pipeline stores them into the same scope).
    """
    current: str | None = None
    chunk: list[Session] = []
    for conversation_id, session, _ in _read(path):
        if session is None:
            continue
        if chunk and (conversation_id != current or len(chunk) >= max_sessions):
            yield from conversations_of((str(current), s) for s in chunk)
            chunk = []
        current = conversation_id
        chunk.append(session)
    if chunk:
        yield from conversations_of((str(current), s) for s in chunk)


@dataclass(frozen=True)
class ExportReport:
    sessions: int
    turns: int


def export_lines(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """One JSON line per session record (graph/export.py), without a newline."""
    return [SessionRecord.model_validate(r).model_dump_json(exclude_none=True) for r in records]


async def export_jsonl(driver: AsyncDriver, database: str, scope: str, out: TextIO) -> ExportReport:
    """Write ``scope``'s sessions to ``out``, one per line, oldest first: the lines
    ``hippograph ingest`` reads back."""
    records = await session_records(driver, database, scope)
    for line in export_lines(records):
        out.write(line + "\n")
    return ExportReport(len(records), sum(len(r["turns"]) for r in records))
