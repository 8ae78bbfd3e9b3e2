"""Scenes and personas: Leiden finds planted topics, builds are repeatable, lookups are typed."""

import asyncio
from datetime import date

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from neo4j import Driver

from hippograph.graph.connection import Neo4jConfig, open_driver
from hippograph.graph.errors import NotFoundError
from hippograph.graph.gds.projection import refresh_projection
from hippograph.graph.gds.scenes import (
    SceneConfig,
    SceneReport,
    build_scenes,
    get_persona,
    list_personas,
    list_scenes,
    stream_leiden,
)
from hippograph.graph.model import Persona, Scene
from hippograph.ingest.summaries import Summarizer

# Two topics, interleaved over three sessions so that sessions cannot explain the split: Ana's
# cycling (Galibier, Tourmalet, bike) and Ben's baking (sourdough, oven, starter). One cycling
# statement also names the oven: a weak bridge that Leiden must not follow.
CYCLING = ["galibier", "tourmalet", "bike"]
BAKING = ["sourdough", "oven", "starter"]
STATEMENTS = [
    ("ana", "Ana likes climbing the Galibier on her bike.", CYCLING),
    ("ana", "Ana rode the Tourmalet and the Galibier by bike.", CYCLING),
    ("ana", "Ana wants a lighter bike for the Tourmalet.", CYCLING),
    ("ana", "Ana dried her bike gloves on the oven after the Galibier.", [*CYCLING, "oven"]),
    ("ana", "Ana plans the Galibier and Tourmalet again with her bike.", CYCLING),
    ("ana", "Ana trains on the bike for the Tourmalet.", CYCLING),
    ("ben", "Ben loves sourdough from a hot oven.", BAKING),
    ("ben", "Ben feeds the sourdough starter before the oven is hot.", BAKING),
    ("ben", "Ben has a starter for sourdough and a new oven.", BAKING),
    ("ben", "Ben bakes sourdough in the oven with his starter.", BAKING),
    ("ben", "Ben prefers a wet starter for sourdough in a cast oven.", BAKING),
    ("ben", "Ben moved the starter next to the oven for the sourdough.", BAKING),
]


def _plant(driver: Driver, scope: str) -> None:
    rows = [
        {
            "id": f"edu-{i}",
            "text": text,
            "speaker": speaker,
            "session": f"s{i % 3}",
            "day": date(2024, 1 + i % 3, 10),
            "entities": entities,
        }
        for i, (speaker, text, entities) in enumerate(STATEMENTS)
    ]
    driver.execute_query(
        "UNWIND range(0, 2) AS n "
        "CREATE (:Session {scope: $scope, id: 's' + n, started_at: datetime({year: 2024, "
        "month: 1 + n, day: 10})}) "
        "WITH count(*) AS sessions "
        "UNWIND ['ana', 'ben'] AS name "
        "CREATE (:Entity {scope: $scope, id: name, key: name, type: 'person', "
        "  name: toUpper(left(name, 1)) + substring(name, 1), session_count: 3}) "
        "WITH count(*) AS people "
        "UNWIND $topics AS key "
        "CREATE (:Entity {scope: $scope, id: key, key: key, name: key, type: 'concept', "
        "  session_count: 3}) "
        "WITH count(*) AS entities "
        "UNWIND $rows AS r "
        "MATCH (speaker:Entity {scope: $scope, id: r.speaker}) "
        "CREATE (t:Turn {scope: $scope, id: r.id + '-turn', source_id: r.id, text: r.text}) "
        "CREATE (u:EDU {scope: $scope, id: r.id, text: r.text, session: r.session, "
        "  session_date: datetime({date: r.day}), speakers: [speaker.name]}) "
        "CREATE (u)-[:FROM_TURN]->(t), (u)-[:SAID_BY]->(speaker) "
        "WITH u, r UNWIND r.entities AS key "
        "MATCH (e:Entity {scope: $scope, id: key}) CREATE (u)-[:MENTIONS]->(e)",
        scope=scope,
        rows=rows,
        topics=CYCLING + BAKING,
    )


def _build(config: Neo4jConfig, scope: str) -> SceneReport:
    async def run() -> SceneReport:
        async with open_driver(config) as driver:
            return await build_scenes(driver, config, scope)

    return asyncio.run(run())


def _membership(driver: Driver, scope: str) -> dict[str, str]:
    """Each EDU's top-level scene."""
    records, _, _ = driver.execute_query(
        "MATCH (u:EDU {scope: $scope})-[:IN_SCENE]->(:Scene)-[:PART_OF]->{0,10}(c:Scene) "
        "WHERE c.parent_id IS NULL RETURN u.id AS edu, c.id AS scene",
        scope=scope,
    )
    return {r["edu"]: r["scene"] for r in records}


@pytest.fixture
def planted(driver: Driver, scope: str) -> str:
    _plant(driver, scope)
    return scope


def test_leiden_separates_planted_scenes(
    neo4j_config: Neo4jConfig, driver: Driver, planted: str
) -> None:
    report = _build(neo4j_config, planted)
    membership = _membership(driver, planted)

    assert report.scenes >= 2 and report.personas == 2
    assert set(membership) == {f"edu-{i}" for i in range(len(STATEMENTS))}
    placements, _, _ = driver.execute_query(
        "MATCH (u:EDU {scope: $scope}) RETURN count{(u)-[:IN_SCENE]->()} AS scenes", scope=planted
    )
    assert {r["scenes"] for r in placements} == {1}, "each EDU sits in its finest scene only"
    cycling = {membership[f"edu-{i}"] for i in range(6)}
    baking = {membership[f"edu-{i}"] for i in range(6, 12)}
    assert len(cycling) == 1 and len(baking) == 1 and cycling != baking


def test_rebuilding_scenes_is_idempotent_and_repeatable(
    neo4j_config: Neo4jConfig, driver: Driver, planted: str
) -> None:
    _build(neo4j_config, planted)
    first = _membership(driver, planted)
    count = "MATCH (c:Scene {scope: $scope}) RETURN count(c) AS n"
    scenes = driver.execute_query(count, scope=planted).records[0]["n"]

    _build(neo4j_config, planted)
    assert _membership(driver, planted) == first
    assert driver.execute_query(count, scope=planted).records[0]["n"] == scenes


def test_leiden_streams_through_the_graphdatascience_client_one_row_per_node(
    neo4j_config: Neo4jConfig, planted: str
) -> None:
    async def project() -> tuple[str, int]:
        async with open_driver(neo4j_config) as driver:
            projection = await refresh_projection(driver, neo4j_config.database, planted)
            return projection.graph, projection.nodes

    graph, nodes = asyncio.run(project())
    rows = stream_leiden(neo4j_config, graph, ["EDU", "Entity", "Turn"], ["ENTITY_LINK",
                         "TURN_LINK"], SceneConfig())  # fmt: skip

    assert len({r["node"] for r in rows}) == len(rows) == nodes
    assert len({len(r["ids"]) for r in rows}) == 1, "every node has a community at every level"


def test_the_event_loop_keeps_running_while_leiden_runs(
    neo4j_config: Neo4jConfig, planted: str
) -> None:
    """The graphdatascience client blocks; a server building scenes must still answer."""
    ticks: list[str] = []
    steps: list[str] = []

    async def run() -> None:
        async def tick() -> None:
            while True:
                ticks.append(steps[-1] if steps else "")
                await asyncio.sleep(0.001)

        ticker = asyncio.create_task(tick())
        async with open_driver(neo4j_config) as driver:
            await build_scenes(driver, neo4j_config, planted, on_step=steps.append)
        ticker.cancel()

    asyncio.run(run())
    assert "running Leiden" in steps
    assert ticks.count("running Leiden") > 0


def _scenes(config: Neo4jConfig, scope: str, level: int | None = None) -> list[Scene]:
    async def run() -> list[Scene]:
        async with open_driver(config) as driver:
            return await list_scenes(driver, config.database, scope, level)

    return asyncio.run(run())


def test_a_scene_knows_its_size_span_entities_and_central_statements(
    neo4j_config: Neo4jConfig, planted: str
) -> None:
    _build(neo4j_config, planted)
    top = [s for s in _scenes(neo4j_config, planted) if s.parent_id is None]
    cycling = next(s for s in top if "galibier" in s.top_entities)

    assert cycling.size == 6 and cycling.sessions == 3
    assert cycling.start == date(2024, 1, 10) and cycling.end == date(2024, 3, 10)
    assert set(cycling.top_entities[:3]) == set(CYCLING)
    assert "sourdough" not in cycling.top_entities
    assert cycling.summary and cycling.summarized_by == "extractive"
    assert all(word in cycling.summary for word in ("Galibier",))


def _persona(config: Neo4jConfig, scope: str, speaker: str) -> Persona:
    async def run() -> Persona:
        async with open_driver(config) as driver:
            return await get_persona(driver, config.database, scope, speaker)

    return asyncio.run(run())


def test_a_persona_gathers_a_speakers_themes_and_stated_facts(
    neo4j_config: Neo4jConfig, planted: str
) -> None:
    _build(neo4j_config, planted)
    ben = _persona(neo4j_config, planted, "BEN")

    assert ben.name == "Ben" and ben.statements == 6 and ben.sessions == 3
    assert ben.scenes and "sourdough" in ben.scenes[0].top_entities
    assert "Ben loves sourdough from a hot oven." in ben.facts
    assert all(fact.startswith("Ben ") for fact in ben.facts)
    assert "Ben" in ben.summary


def test_a_persona_of_an_unknown_speaker_is_not_found(
    neo4j_config: Neo4jConfig, planted: str
) -> None:
    _build(neo4j_config, planted)
    with pytest.raises(NotFoundError, match="scenes build"):
        _persona(neo4j_config, planted, "Zoë' OR 1=1")


def test_with_a_fake_chat_model_summaries_are_rewritten_and_attributed(
    neo4j_config: Neo4jConfig, planted: str
) -> None:
    """A hosted LLM cannot run here: LangChain's fake chat model stands in for one."""
    _build(neo4j_config, planted)

    async def run() -> int:
        async with open_driver(neo4j_config) as driver:
            scenes = await list_scenes(driver, neo4j_config.database, planted)
            personas = await list_personas(driver, neo4j_config.database, planted)
            chat = FakeListChatModel(responses=["A summary written by the model."] * 50)
            summarizer = Summarizer(chat, "fake-model")
            return await summarizer.rewrite(
                driver, neo4j_config.database, planted, scenes, personas
            )

    updated = asyncio.run(run())
    scenes = _scenes(neo4j_config, planted)
    assert updated == len(scenes) + 2
    assert all(s.summarized_by == "fake-model" for s in scenes)
    assert _persona(neo4j_config, planted, "ana").summary == "A summary written by the model."
