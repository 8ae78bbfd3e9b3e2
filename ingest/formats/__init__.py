"""Loaders: LoCoMo, LongMemEval and hippograph's own JSONL, each into typed conversations.

A loader reads and validates a whole file before returning anything: a malformed file raises
:class:`~hippograph.ingest.errors.LoadError` naming the item or line, and nothing is half-loaded.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from hippograph.graph.model import Conversation
from hippograph.ingest.formats.jsonl import load_jsonl, scan_jsonl, stream_jsonl
from hippograph.ingest.formats.locomo import load_locomo
from hippograph.ingest.formats.longmemeval import load_longmemeval
from hippograph.ingest.formats.reading import Loaded


class InputFormat(StrEnum):
    LOCOMO = "locomo"
    LONGMEMEVAL = "longmemeval"
    JSONL = "jsonl"


_LOADERS = {
    InputFormat.LOCOMO: load_locomo,
    InputFormat.LONGMEMEVAL: load_longmemeval,
    InputFormat.JSONL: load_jsonl,
}


def load(path: Path, input_format: InputFormat) -> Loaded:
    """Load ``path`` as ``input_format``."""
    return _LOADERS[input_format](path)


@dataclass(frozen=True)
class Source:
    """A validated input file: what it holds, and its conversations one at a time."""

    path: Path
    session_count: int
    turn_count: int
    conversation_ids: list[str]
    skipped: list[str]
    conversations: Callable[[], Iterator[Conversation]]

    @classmethod
    def of(cls, loaded: Loaded) -> "Source":
        """A source over conversations already loaded in memory."""
        return cls(
            loaded.path,
            loaded.session_count,
            loaded.turn_count,
            [c.id for c in loaded.conversations],
            loaded.skipped,
            lambda: iter(loaded.conversations),
        )


def open_source(path: Path, input_format: InputFormat) -> Source:
    """Validate ``path`` completely, then hand out its conversations.

    JSONL is validated in one pass and streamed in a second, so memory stays bounded however
    large the file; the JSON formats (LoCoMo, LongMemEval) are single documents and are
    parsed whole.
    """
    if input_format is InputFormat.JSONL:
        scan = scan_jsonl(path)
        return Source(
            path,
            scan.sessions,
            scan.turns,
            scan.conversation_ids,
            scan.skipped,
            lambda: stream_jsonl(path),
        )
    return Source.of(load(path, input_format))


__all__ = [
    "InputFormat",
    "Loaded",
    "Source",
    "load",
    "load_jsonl",
    "load_locomo",
    "load_longmemeval",
    "open_source",
]
