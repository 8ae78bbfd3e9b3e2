"""Bringing a store written by an earlier hippograph up to date (`hippograph migrate`).

Sessions stored before input hashes were recorded get theirs, computed from their stored turns
exactly as ingest computes it from the input, so that a later ingest can tell a session sent
again unchanged from one with other content (a conflict). Sessions whose conversation or
session id an earlier version accepted outside today's id grammar are kept as they are
(readable, recallable, deletable) and listed: they can only be replaced under valid ids.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver
from pydantic import ValidationError

from hippograph.graph.cypher import execute, native_row
from hippograph.graph.model import Role, Session, Turn, check_id

BATCH = 500


@dataclass
class MigrationReport:
    hashed: int = 0  # sessions given their input hash
    off_grammar: list[str] = field(default_factory=list)  # "scope: id" outside the id grammar


def _session(row: dict[str, Any]) -> Session:
    turns = tuple(
        Turn(
            id=t["id"],
            speaker=t["speaker"],
            text=t["text"],
            role=Role(t["role"]),
            timestamp=t["timestamp"],
            image_caption=t["image_caption"],
        )
        for t in row["turns"]
    )
    return Session(id=row["id"], started_at=row["started_at"], turns=turns)


def _brief(error: ValidationError) -> str:
    first = error.errors()[0]
    return f"{'.'.join(str(p) for p in first['loc']) or 'session'}: {first['msg']}"


def _off_grammar(row: dict[str, Any]) -> bool:
    try:
        check_id("conversation", row["conversation"] or "")
        check_id("session", row["source_id"] or "")
    except ValueError:
        return True
    return False


async def migrate(
    driver: AsyncDriver, database: str, on_batch: Callable[[int], None] = lambda _: None
) -> MigrationReport:
    """Record the input hash of every session stored without one; safe to run again."""
    report = MigrationReport()
    after = ""
    while True:
        records = await execute(
            driver, database, "ingest/list_unhashed_sessions", {"after": after, "batch": BATCH}
        )
        if not records:
            return report
        rows = []
        for record in records:
            row = native_row(record.data())
            try:
                rows.append({**row, "input_hash": _session(row).input_hash})
            except ValidationError as error:  # a node no version of hippograph's ingest wrote
                said = _brief(error)
                report.off_grammar.append(f"{row['scope']}: {row['id']} (unreadable: {said})")
                continue
            if _off_grammar(row):
                report.off_grammar.append(f"{row['scope']}: {row['id']}")
        hashed = [{k: r[k] for k in ("scope", "id", "input_hash")} for r in rows]
        await execute(driver, database, "ingest/set_input_hashes", {"rows": hashed})
        report.hashed += len(rows)
        on_batch(len(records))
        after = records[-1]["element"]
