"""What every loader returns, and the shared steps of reading and validating input."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hippograph.graph.model import Conversation
from hippograph.ingest.errors import LoadError


@dataclass(frozen=True)
class Loaded:
    """The conversations of one file, and what was left out of it on purpose (and why)."""

    path: Path
    conversations: list[Conversation]
    skipped: list[str] = field(default_factory=list)

    @property
    def session_count(self) -> int:
        return sum(len(c.sessions) for c in self.conversations)

    @property
    def turn_count(self) -> int:
        return sum(len(s.turns) for c in self.conversations for s in c.sessions)


def read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LoadError(path, "file", f"cannot be read: {error}") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise LoadError(
            path, f"line {error.lineno}, column {error.colno}", f"malformed JSON: {error.msg}"
        ) from error


def describe(error: ValidationError) -> str:
    """A one-line account of a pydantic error: where in the item, and what is wrong."""
    parts = []
    for detail in error.errors()[:3]:
        location = ".".join(str(p) for p in detail["loc"]) or "item"
        parts.append(f"{location}: {detail['msg']}")
    more = len(error.errors()) - 3
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


_JSON_NAMES: dict[type, str] = {list: "array", dict: "object", str: "string"}


def expect(value: Any, kind: type, path: Path, where: str, what: str) -> Any:
    """``value`` when it is a ``kind``; otherwise a LoadError saying what was expected."""
    if not isinstance(value, kind):
        wanted = _JSON_NAMES.get(kind, kind.__name__)
        got = _JSON_NAMES.get(type(value), type(value).__name__)
        raise LoadError(path, where, f"{what} must be a JSON {wanted}, got {got}")
    return value
