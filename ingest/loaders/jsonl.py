"""hippograph's own input format: JSON Lines, one session per line.

    {"conversation": "trip-planning", "session": "2024-03-02", "started_at": "2024-03-02T18:30:00",
     "turns": [{"id": "t1", "speaker": "Ana", "text": "We booked Lisbon!",
                "timestamp": null, "image_caption": null}, ...]}

``conversation`` groups sessions (default: the file name); ``started_at`` is ISO 8601 and
optional; turn ``id`` defaults to ``<session>:<n>``; ``role`` may be person, user or assistant.
Blank lines are ignored.
"""

import json
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph.model import Conversation, Role, Session, Turn
from ingest.errors import LoadError
from ingest.loaders.base import Loaded, describe


class _Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str | None = None
    speaker: str
    text: str = ""
    role: Role = Role.PERSON
    timestamp: datetime | None = None
    image_caption: str | None = None


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid")
    conversation: str | None = None
    session: str
    started_at: datetime | None = None
    turns: list[_Turn] = Field(default_factory=list)


def load_jsonl(path: Path) -> Loaded:
    by_conversation: dict[str, list[Session]] = {}
    skipped = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise LoadError(path, "file", f"cannot be read: {error}") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            raw = _Line.model_validate(json.loads(line))
        except json.JSONDecodeError as error:
            raise LoadError(path, where, f"malformed JSON: {error.msg}") from error
        except ValidationError as error:
            raise LoadError(path, where, describe(error)) from error
        if not raw.turns:
            skipped.append(f"{raw.session}: no turns")
            continue
        try:
            session = Session(
                id=raw.session,
                started_at=raw.started_at,
                turns=tuple(
                    Turn(
                        id=t.id or f"{raw.session}:{i}",
                        speaker=t.speaker,
                        text=t.text,
                        role=t.role,
                        timestamp=t.timestamp,
                        image_caption=t.image_caption,
                    )
                    for i, t in enumerate(raw.turns)
                ),
            )
        except ValidationError as error:
            raise LoadError(path, where, describe(error)) from error
        by_conversation.setdefault(raw.conversation or path.stem, []).append(session)
    conversations = []
    for conversation_id, sessions in by_conversation.items():
        speakers = dict.fromkeys(s for session in sessions for s in session.speakers)
        conversations.append(
            Conversation(id=conversation_id, sessions=tuple(sessions), participants=tuple(speakers))
        )
    return Loaded(path=path, conversations=conversations, skipped=skipped)
