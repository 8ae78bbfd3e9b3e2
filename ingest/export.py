"""A scope written as hippograph JSONL, the format ``hippograph ingest`` reads
(ingest/formats/jsonl.py), so that a user's memory can be moved out and imported again."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from neo4j import AsyncDriver

from hippograph.graph.export import session_records
from hippograph.ingest.formats.jsonl import SessionRecord


@dataclass(frozen=True)
class ExportReport:
    sessions: int
    turns: int


def export_lines(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """One JSON line per session record (graph/export.py), without a newline."""
    return [SessionRecord.model_validate(r).model_dump_json(exclude_none=True) for r in records]


async def export_jsonl(driver: AsyncDriver, database: str, scope: str, out: TextIO) -> ExportReport:
    """Write ``scope``'s sessions to ``out``, one per line, oldest first."""
    records = await session_records(driver, database, scope)
    for line in export_lines(records):
        out.write(line + "\n")
    return ExportReport(len(records), sum(len(r["turns"]) for r in records))
