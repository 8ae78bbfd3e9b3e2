"""Every Neo4j Browser query in queries/analyst/ runs on the sample conversations (the chains
of supersession on a conversation where facts change) and returns what an analyst would draw
or read."""

import uuid
from typing import Any

from neo4j import Driver

from hippograph.graph.connection import Neo4jConfig
from hippograph.graph.cypher import load_query, query_names
from hippograph.ingest.embedding.local import LocalEmbeddings
from hippograph.ingest.parallel import ParallelExtraction
from tests.graph.conftest import _ingest
from tests.ingest.conversations import MOVES


def _run(driver: Driver, name: str, **values: Any) -> list[dict[str, Any]]:
    query = load_query(name)
    records, _, _ = driver.execute_query(query.cypher, query.parameters(values))
    return [r.data() for r in records]


def _a_scene(driver: Driver, scope: str) -> str:
    records, _, _ = driver.execute_query(
        "MATCH (c:Scene {scope: $scope}) RETURN c.id AS id ORDER BY c.level DESC, c.size DESC "
        "LIMIT 1",
        scope=scope,
    )
    return str(records[0]["id"])


def test_a_session_with_its_turns_edus_and_entities(driver: Driver, sample: str) -> None:
    rows = _run(driver, "analyst/show_session", scope=sample, session="bakery/2025-03-03")
    turns = {r["t"]["text"] for r in rows}
    assert "We opened Crumb & Co on Saturday and sold out by noon!" in turns
    assert any(r["u"] is not None for r in rows) and any(r["e"] is not None for r in rows)


def test_an_entity_neighbourhood(driver: Driver, sample: str) -> None:
    rows = _run(driver, "analyst/show_entity_neighbourhood", scope=sample, entity="bubbles")
    assert {r["e"]["name"] for r in rows} == {"Bubbles"}
    assert len({r["u"]["id"] for r in rows}) >= 2
    assert all("Bubbles" in r["u"]["text"] for r in rows)


def test_an_entity_timeline_in_order(driver: Driver, sample: str) -> None:
    rows = _run(driver, "analyst/list_entity_timeline", scope=sample, entity="Lumen Labs")
    assert len(rows) >= 2 and list(rows[0]) == ["day", "speakers", "edu", "session"]
    days = [r["day"] for r in rows]
    assert days == sorted(days)
    assert all(r["session"].startswith("climbing/") for r in rows)


def test_a_top_level_scene_with_the_members_of_the_scenes_below(
    driver: Driver, sample: str
) -> None:
    scene = _a_scene(driver, sample)
    rows = _run(driver, "analyst/show_scene", scope=sample, scene=scene)
    assert {r["c"]["id"] for r in rows} == {scene}
    members = {r["u"]["id"] for r in rows if r["u"]}
    assert len(members) >= 3  # a scene holds 3 EDUs at least, placed in it or in scenes below


def test_a_persona(driver: Driver, sample: str) -> None:
    rows = _run(driver, "analyst/show_persona", scope=sample, speaker="hana")
    assert rows and {r["p"]["name"] for r in rows} == {"Hana"}
    assert {r["e"]["name"] for r in rows} == {"Hana"}


def test_the_activation_of_a_question(driver: Driver, sample: str) -> None:
    rows = _run(driver, "analyst/stream_activation", scope=sample, words="sourdough starter")
    assert len(rows) == 25 and list(rows[0]) == ["kind", "node", "activation"]
    scores = [r["activation"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert {r["kind"] for r in rows} >= {"EDU", "Entity"}
    assert any("Bubbles" in r["node"] for r in rows[:10])


def test_the_activation_of_an_entity(driver: Driver, sample: str) -> None:
    rows = _run(driver, "analyst/stream_entity_activation", scope=sample, entity="bubbles",
                limit=10)  # fmt: skip
    assert len(rows) == 10 and rows[0]["node"] == "Bubbles"  # the seed keeps most of it
    scores = [r["activation"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert any(r["kind"] == "EDU" and "Bubbles" in r["node"] for r in rows)


def test_the_most_central_entities(driver: Driver, sample: str) -> None:
    rows = _run(driver, "analyst/stream_entity_centrality", scope=sample, limit=5)
    assert len(rows) == 5 and list(rows[0])[:4] == ["id", "name", "type", "centrality"]
    scores = [r["centrality"] for r in rows]
    assert scores == sorted(scores, reverse=True) and all(r["edus"] for r in rows)


def test_the_supersession_chains_of_an_entity(
    driver: Driver,
    neo4j_config: Neo4jConfig,
    extraction: ParallelExtraction,
    embeddings: LocalEmbeddings,
) -> None:
    scope = f"test-chains-{uuid.uuid4().hex[:8]}"
    _ingest(neo4j_config, extraction, embeddings, [MOVES], scope)
    rows = _run(driver, "analyst/show_supersession_chains", scope=scope, entity="ana")
    assert {r["e"]["name"] for r in rows} == {"Ana"}
    # A path's data: its nodes as maps, with its relationships as tuples between them.
    chains = [[step["text"] for step in r["chain"] if isinstance(step, dict)] for r in rows]
    # Lisbon → Porto → Madrid, and the repeat of Porto → Madrid; each to what is valid now.
    assert len(chains) == 2 and all(c[-1].startswith("Ana and others relocated") for c in chains)
    assert chains[0][0].startswith("Ana lives in Lisbon") and len(chains[0]) == 3


def test_every_browser_query_is_specified_here() -> None:
    tested = {
        "analyst/show_session", "analyst/show_entity_neighbourhood",
        "analyst/list_entity_timeline", "analyst/show_scene", "analyst/show_persona",
        "analyst/stream_activation", "analyst/stream_entity_activation",
        "analyst/stream_entity_centrality", "analyst/show_supersession_chains",
    }  # fmt: skip
    assert set(query_names("analyst")) == tested
