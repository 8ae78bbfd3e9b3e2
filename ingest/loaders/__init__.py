"""Loaders: LoCoMo, LongMemEval and hippograph's own JSONL, each into typed conversations.

A loader reads and validates a whole file before returning anything: a malformed file raises
:class:`~ingest.errors.LoadError` naming the item or line, and nothing is half-loaded.
"""

from enum import StrEnum
from pathlib import Path

from ingest.loaders.base import Loaded
from ingest.loaders.jsonl import load_jsonl
from ingest.loaders.locomo import load_locomo
from ingest.loaders.longmemeval import load_longmemeval


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


__all__ = ["InputFormat", "Loaded", "load", "load_jsonl", "load_locomo", "load_longmemeval"]
