"""A scope read back as the sessions it was given: what an export writes and an import reads.

Only what was given is read (sessions, their dates, turns with speaker, text, role and
caption); EDUs, entities, scenes and personas are derived, and an import derives them again.
"""

from typing import Any

from neo4j import AsyncDriver

from hippograph.graph.cypher import execute, native_row
from hippograph.graph.errors import NotFoundError


async def session_records(driver: AsyncDriver, database: str, scope: str) -> list[dict[str, Any]]:
    """The scope's sessions, oldest first: ``conversation``, ``session`` (the source's id),
    ``started_at`` and ``turns`` in order; NotFoundError when it holds none."""
    records = await execute(
        driver, database, "export/list_session_records", {"scope": scope}, read=True
    )
    if not records:
        raise NotFoundError(f"scope {scope!r} holds no sessions")
    return [native_row(r.data()) for r in records]
