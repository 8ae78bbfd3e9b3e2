"""A session is known by (conversation, id): a stored one sent again unchanged is skipped, with
other content it is replaced, kept or refused as asked; a store written before input hashes
were recorded is migrated by `hippograph migrate`'s function and then tells conflicts apart."""

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from neo4j import Driver

from hippograph.graph.connection import Neo4jConfig, open_driver
from hippograph.graph.export import session_records
from hippograph.graph.migrate import MigrationReport, migrate
from hippograph.graph.model import Conversation, OnConflict, Session, Turn
from hippograph.ingest.errors import IngestError
from tests.graph.conftest import Ingest

ZONE = timezone(timedelta(hours=2))


def _vault(code: str, conversation: str = "vault") -> Conversation:
    turns = (
        Turn(id="t1", speaker="Vera", text=f"The vault code is {code}.",
             timestamp=datetime(2025, 5, 1, 10, 0, tzinfo=ZONE)),
        Turn(id="t2", speaker="Omar", text="Noted, thanks."),
    )  # fmt: skip
    session = Session(id="s1", started_at=datetime(2025, 5, 1, 10, 0, tzinfo=ZONE), turns=turns)
    return Conversation(id=conversation, sessions=(session,), participants=("Vera", "Omar"))


def _texts(driver: Driver, scope: str) -> list[str]:
    records, _, _ = driver.execute_query(
        "MATCH (:Session {scope: $scope})-[:HAS_TURN]->(t:Turn) RETURN t.text AS text "
        "ORDER BY t.position",
        scope=scope,
    )
    return [r["text"] for r in records]


def _migrate(config: Neo4jConfig) -> MigrationReport:
    async def run() -> MigrationReport:
        async with open_driver(config) as driver:
            return await migrate(driver, config.database)

    return asyncio.run(run())


def test_other_content_is_replaced_kept_or_refused_as_asked(
    driver: Driver, ingest: Ingest, scope: str
) -> None:
    assert ingest([_vault("red")], scope).sessions_written == 1
    assert ingest([_vault("red")], scope, OnConflict.FAIL).sessions_unchanged == 1
    refused = ingest([_vault("blue")], scope, OnConflict.FAIL)
    skipped = ingest([_vault("blue")], scope, OnConflict.SKIP)
    assert (refused.sessions_refused, refused.sessions_written) == (1, 0)
    assert (skipped.sessions_skipped, skipped.sessions_written) == (1, 0)
    assert _texts(driver, scope)[0] == "The vault code is red."
    replaced = ingest([_vault("blue")], scope)
    assert (replaced.sessions_written, replaced.sessions_replaced) == (1, 1)
    assert _texts(driver, scope)[0] == "The vault code is blue."


def test_an_export_keeps_each_turns_own_time(
    neo4j_config: Neo4jConfig, ingest: Ingest, scope: str
) -> None:
    ingest([_vault("red")], scope)

    async def read() -> list[dict[str, Any]]:
        async with open_driver(neo4j_config) as driver:
            return await session_records(driver, neo4j_config.database, scope)

    (record,) = asyncio.run(read())
    first, second = record["turns"]
    assert first["timestamp"] == datetime(2025, 5, 1, 10, 0, tzinfo=ZONE)
    assert second["timestamp"] is None


def test_ids_outside_the_grammar_are_refused_before_anything_is_stored() -> None:
    with pytest.raises(ValueError, match=r"'x/y' is not an id: an id is 1 to 128 letters"):
        _vault("red", conversation="x/y")
    with pytest.raises(ValueError, match=r"session: '\.\./a' is not an id"):
        Conversation(
            id="c", sessions=(_vault("red").sessions[0].model_copy(update={"id": "../a"}),)
        )


def test_a_store_of_the_previous_version_is_migrated_and_then_tells_conflicts(
    driver: Driver, neo4j_config: Neo4jConfig, ingest: Ingest, scope: str
) -> None:
    # What the previous version stored: the same nodes without an input hash, and ids it let
    # through (a "/" inside the conversation id, which today's grammar refuses).
    slashed = Conversation.model_construct(
        id="x/y", sessions=_vault("green").sessions, participants=("Vera", "Omar")
    )
    ingest([_vault("red"), slashed], scope)
    driver.execute_query("MATCH (s:Session {scope: $scope}) REMOVE s.input_hash", scope=scope)
    # And a node no ingest wrote (no conversation, no turns): listed, not fatal.
    driver.execute_query("CREATE (:Session {scope: $scope, id: 'bare'})", scope=scope)

    assert ingest([_vault("red")], scope).sessions_unchanged == 1  # unchanged: no work needed
    with pytest.raises(IngestError, match="run `hippograph migrate`"):
        ingest([_vault("blue")], scope, OnConflict.FAIL)

    report = _migrate(neo4j_config)
    assert report.hashed >= 2 and f"{scope}: x/y/s1" in report.off_grammar
    assert f"{scope}: bare (unreadable: turns: Tuple should have at least 1 item" in "\n".join(
        report.off_grammar
    )
    assert _migrate(neo4j_config).hashed == 0  # safe to run again

    assert ingest([_vault("red")], scope, OnConflict.FAIL).sessions_unchanged == 1
    assert ingest([_vault("blue")], scope, OnConflict.FAIL).sessions_refused == 1
    assert ingest([_vault("blue")], scope).sessions_replaced == 1
    assert "The vault code is green." in _texts(driver, scope)  # the off-grammar one is kept
