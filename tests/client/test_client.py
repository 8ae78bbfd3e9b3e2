"""hippograph.client against the real server: the calls an agent makes, sync and async, and
each error the API can answer arriving as its own exception."""

import asyncio

import pytest

from hippograph.client import (
    ApiForbiddenError,
    ApiNotFoundError,
    ApiValidationError,
    AsyncHippographClient,
    HippographClient,
    RecallMode,
    SessionIn,
    TransportError,
    TurnIn,
)
from tests.api.sessions import ORCHARD
from tests.api_server import Api


@pytest.fixture(scope="module")
def stored(api: Api) -> tuple[str, str]:
    """A scope of its own holding the orchard sessions, sent as one batch job; its key."""
    scope, key = api.own_scope("client")
    with HippographClient(api.url, key) as client:
        job = client.ingest(scope, ORCHARD)
    assert job.state == "DONE" and job.done == len(ORCHARD), job
    assert {o.status for o in job.outcomes} == {"STORED"}, job.outcomes
    return scope, key


def test_recall_returns_memories_with_their_source_turns(api: Api, stored: tuple[str, str]) -> None:
    scope, key = stored
    with HippographClient(api.url, key) as client:
        found = client.recall(scope, "Who will run the cider stall at the fair?", k=3)
    assert found.mode is RecallMode.ASSOCIATIVE and 1 <= len(found.memories) <= 3
    best = found.memories[0]
    assert "Inês" in best.text and best.rank == 1
    assert best.turns and best.turns[0].speaker == "Rui"
    assert "Inês" in best.turns[0].text and best.session_id.startswith("orchard/")
    assert best.explanation.summary


def test_the_async_client_answers_the_same_as_the_sync_one(
    api: Api, stored: tuple[str, str]
) -> None:
    scope, key = stored
    question = "How many crates of apples did Ana fill?"

    async def ask() -> list[str]:
        async with AsyncHippographClient(api.url, key) as client:
            found = await client.recall(scope, question, k=5, mode=RecallMode.HYBRID)
        return [m.id for m in found.memories]

    with HippographClient(api.url, key) as client:
        expected = [
            m.id for m in client.recall(scope, question, k=5, mode=RecallMode.HYBRID).memories
        ]
    assert asyncio.run(ask()) == expected


def test_sessions_page_through_and_one_session_is_deleted(api: Api) -> None:
    scope, key = api.own_scope("client-delete")
    session = SessionIn(
        id="only", conversation="notes", turns=[TurnIn(speaker="Ana", text="I planted a fig tree.")]
    )
    with HippographClient(api.url, key) as client:
        outcome = client.ingest_session(scope, session)
        assert outcome.status == "STORED" and outcome.session_id == "notes/only"
        assert client.ingest_session(scope, session).status == "UNCHANGED"
        page = client.sessions(scope, first=1)
        assert [s.id for s in page.items] == ["notes/only"] and page.next_cursor is None
        client.delete_session(scope, "notes/only")
        assert client.sessions(scope).items == []
        with pytest.raises(ApiNotFoundError):
            client.delete_session(scope, "notes/only")
        with pytest.raises(ApiNotFoundError, match="holds no sessions"):
            client.delete_scope(scope)  # nothing left of it


def test_entities_scenes_and_a_persona_are_browsed_after_a_scene_build(
    api: Api, stored: tuple[str, str]
) -> None:
    scope, key = stored
    with HippographClient(api.url, key) as client:
        with pytest.raises(ApiNotFoundError, match="no persona"):
            client.persona(scope, "Ana")  # no scenes built yet
        built = client.build_scenes(scope)
        first = client.entities(scope, first=2)
        assert len(first.items) == 2 and first.next_cursor is not None
        rest = client.entities(scope, first=100, after=first.next_cursor)
        names = {e.name for e in first.items + rest.items}
        assert {"Ana", "Rui"} <= names and len(names) == len(first.items + rest.items)
        mentions = [e.edu_count for e in first.items + rest.items]
        assert mentions == sorted(mentions, reverse=True)
        scenes = client.scenes(scope, first=100).items
        assert len(scenes) == built.scenes and all(s.size >= 3 for s in scenes)
        assert {s.level for s in client.scenes(scope, level=0, first=100).items} <= {0}
        ana = client.persona(scope, "Ana")
        assert ana.name == "Ana" and ana.statements > 0 and ana.summary


def test_each_api_error_arrives_as_its_own_exception(api: Api, stored: tuple[str, str]) -> None:
    scope, key = stored
    with HippographClient(api.url, key) as client:
        with pytest.raises(ApiForbiddenError) as forbidden:
            client.recall(api.scopes["harbour"], "Where is the Marigold moored?")
        assert forbidden.value.details["scope"] == api.scopes["harbour"]
        with pytest.raises(ApiValidationError):
            client.recall(scope, "   ")
        with pytest.raises(ApiNotFoundError):
            client.job("no-such-job")
    with HippographClient(api.url, "hg_not-a-key") as stranger, pytest.raises(TransportError):
        stranger.recall(scope, "Who runs the stall?")
    nowhere = HippographClient("http://127.0.0.1:9", key, timeout=2)
    with nowhere, pytest.raises(TransportError):
        nowhere.recall(scope, "Who runs the stall?")
