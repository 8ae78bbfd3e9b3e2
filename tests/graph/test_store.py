"""Storing sessions: idempotent, replaceable, deletable per scope, verbatim for any string."""

import asyncio
from datetime import datetime
from typing import Any

from neo4j import Driver

from hippograph.graph.connection import Neo4jConfig, open_driver
from hippograph.graph.cypher import load_query
from hippograph.graph.model import Conversation, Session, Turn
from hippograph.graph.store import counts, delete_scope, delete_session
from tests.graph.conftest import Ingest
from tests.ingest.conversations import GARDEN_CLUB

HOSTILE = [
    'O\'Brien said "hi" and `rm -rf` happened',
    "'}) DETACH DELETE n //",
    "$scope ${x} {{ }} \\n \\u0000 MATCH (n) DETACH DELETE n",
    "Zoë visited 北京 and Kraków 🎉 on the straße",
]


def _counts(config: Neo4jConfig, scope: str | None) -> dict[str, dict[str, int]]:
    async def run() -> dict[str, dict[str, int]]:
        async with open_driver(config) as driver:
            return await counts(driver, config.database, scope)

    return asyncio.run(run())


def _with_turn_text(conversation: Conversation, turn_id: str, text: str) -> Conversation:
    sessions = tuple(
        s.model_copy(
            update={
                "turns": tuple(
                    t.model_copy(update={"text": text}) if t.id == turn_id else t for t in s.turns
                )
            }
        )
        for s in conversation.sessions
    )
    return conversation.model_copy(update={"sessions": sessions})


def test_ingesting_the_same_conversation_twice_changes_nothing(
    neo4j_config: Neo4jConfig,
    ingest: Ingest,
    scope: str,
) -> None:
    first = ingest([GARDEN_CLUB], scope)
    after_first = _counts(neo4j_config, scope)
    second = ingest([GARDEN_CLUB], scope)
    assert first.sessions_written == 2 and second.sessions_written == 0
    assert second.sessions_unchanged == 2
    assert _counts(neo4j_config, scope) == after_first
    nodes = after_first["nodes"]
    assert nodes["Session"] == 2 and nodes["Turn"] == 12 and nodes["EDU"] == first.edus
    rels = after_first["relationships"]
    assert rels["HAS_TURN"] == 12 and rels["NEXT"] == 10 and rels["FROM_TURN"] >= first.edus


def test_a_changed_session_replaces_its_edus_cleanly(
    driver: Driver,
    neo4j_config: Neo4jConfig,
    ingest: Ingest,
    scope: str,
) -> None:
    ingest([GARDEN_CLUB], scope)
    changed = _with_turn_text(GARDEN_CLUB, "S2:3", "Ticket ZX-99 is for the compost workshop.")
    report = ingest([changed], scope)
    assert report.sessions_written == 1 and report.sessions_unchanged == 1
    records, _, _ = driver.execute_query(
        "MATCH (u:EDU {scope: $scope}) RETURN u.text AS text", scope=scope
    )
    texts = [r["text"] for r in records]
    assert any("compost workshop" in t for t in texts)
    assert not any("seed swap" in t for t in texts)
    records, _, _ = driver.execute_query(
        "MATCH (e:Entity {scope: $scope}) RETURN e.key AS key", scope=scope
    )
    keys = {r["key"] for r in records}
    assert "zx-99" in keys and "gc-2024-017" not in keys  # orphaned entities are gone
    fresh_scope = scope + "-fresh"
    ingest([changed], fresh_scope)
    assert _counts(neo4j_config, scope) == _counts(neo4j_config, fresh_scope)


def test_deleting_a_session_or_a_scope_removes_only_what_belonged_to_it(
    neo4j_config: Neo4jConfig,
    ingest: Ingest,
    scope: str,
) -> None:
    other = scope + "-other"
    ingest([GARDEN_CLUB], scope)
    ingest([GARDEN_CLUB], other)
    untouched = _counts(neo4j_config, other)
    only_first = Conversation(id=GARDEN_CLUB.id, sessions=GARDEN_CLUB.sessions[:1])
    ingest([only_first], scope + "-expected")

    async def remove(session: str | None) -> bool:
        async with open_driver(neo4j_config) as d:
            if session is None:
                await delete_scope(d, neo4j_config.database, scope)
                return True
            return await delete_session(d, neo4j_config.database, scope, session)

    assert asyncio.run(remove("garden-club/S2"))
    assert not asyncio.run(remove("garden-club/S9"))  # unknown id: nothing happens
    assert _counts(neo4j_config, scope) == _counts(neo4j_config, scope + "-expected")
    asyncio.run(remove(None))
    assert _counts(neo4j_config, scope) == {"nodes": {}, "relationships": {}}
    assert _counts(neo4j_config, other) == untouched


def test_hostile_and_huge_strings_are_stored_and_read_back_verbatim(
    driver: Driver,
    neo4j_config: Neo4jConfig,
    ingest: Ingest,
    scope: str,
) -> None:
    huge = ("Ana keeps bees behind the O'Neil barn. " * 2600)[:100_000]
    turns = tuple(
        Turn(id=f"'}}) // h{i}", speaker="Ana `x`", text=text)
        for i, text in enumerate([*HOSTILE, huge])
    )
    # Session ids follow the id grammar; turn ids, speakers and text may hold anything.
    conversation = Conversation(
        id="hostile", sessions=(Session(id="s1", started_at=datetime(2024, 1, 1), turns=turns),)
    )
    before = _counts(neo4j_config, None)
    ingest([conversation], scope)
    records, _, _ = driver.execute_query(
        "MATCH (:Session {scope: $scope})-[:HAS_TURN]->(t:Turn) "
        "RETURN t.source_id AS id, t.text AS text, t.speaker AS speaker ORDER BY t.position",
        scope=scope,
    )
    assert [r["text"] for r in records] == [*HOSTILE, huge]
    assert [r["id"] for r in records] == [f"'}}) // h{i}" for i in range(len(HOSTILE) + 1)]
    assert {r["speaker"] for r in records} == {"Ana `x`"}
    after = _counts(neo4j_config, None)
    assert all(after["nodes"].get(label, 0) >= n for label, n in before["nodes"].items())


def test_the_browser_query_shows_a_session_with_turns_edus_and_entities(
    driver: Driver,
    neo4j_config: Neo4jConfig,
    ingest: Ingest,
    scope: str,
) -> None:
    ingest([GARDEN_CLUB], scope)
    query = load_query("analyst/show_session")
    records, _, _ = driver.execute_query(
        query.cypher, query.parameters({"scope": scope, "session": "garden-club/S1"})
    )
    row: dict[str, Any] = records[0].data()
    assert row["s"]["name"] == "garden-club / S1"
    assert {r["t"]["source_id"] for r in records} >= {"S1:1", "S1:2"}
    assert any(r["u"] and "Riverside" in r["u"]["text"] for r in records)
    assert any(r["e"] and r["e"]["key"] == "riverside garden club" for r in records)
