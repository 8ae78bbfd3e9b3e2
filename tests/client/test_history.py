"""What is true when, through the client, LangChain's retriever and GraphQL: memories that
name what superseded them, recall as of a day, and a subject's history."""

import asyncio
import datetime as dt

import httpx
import pytest

from hippograph.client import AsyncHippographClient, HippographClient, RecallMode
from hippograph.client.langchain import HippographRetriever
from tests.api_server import Api, sessions_in
from tests.ingest.conversations import MOVES


@pytest.fixture(scope="module")
def moves(api: Api) -> tuple[str, str]:
    scope, key = api.own_scope("history")
    with HippographClient(api.url, key) as client:
        assert client.ingest(scope, sessions_in(MOVES)).state == "DONE"
    return scope, key


def test_a_superseded_memory_names_what_superseded_it(api: Api, moves: tuple[str, str]) -> None:
    scope, key = moves
    with HippographClient(api.url, key) as client:
        found = client.recall(scope, "Where does Ana live now?", k=10)
    assert "Madrid" in found.memories[0].text and found.memories[0].superseded_by is None
    lisbon = next(m for m in found.memories if "Lisbon" in m.text)
    assert lisbon.superseded_by is not None and "Porto" in lisbon.superseded_by.text
    assert lisbon.valid_to == lisbon.superseded_by.at == dt.date(2024, 2, 26)
    assert lisbon.superseded_by.attribute == "residence"


def test_recall_as_of_a_day_sync_and_async(api: Api, moves: tuple[str, str]) -> None:
    scope, key = moves
    day = dt.date(2024, 2, 1)
    with HippographClient(api.url, key) as client:
        found = client.recall(scope, "Where did Ana live?", mode=RecallMode.HYBRID, as_of=day)

    async def ask() -> list[str]:
        async with AsyncHippographClient(api.url, key) as client:
            answer = await client.recall(scope, "Where did Ana live?", mode=RecallMode.HYBRID,
                                         as_of=day)  # fmt: skip
        return [m.id for m in answer.memories]

    assert "Lisbon" in found.memories[0].text
    assert all(m.valid_from is None or m.valid_from <= day for m in found.memories)
    assert asyncio.run(ask()) == [m.id for m in found.memories]


def test_history_lists_the_values_in_order(api: Api, moves: tuple[str, str]) -> None:
    scope, key = moves
    with HippographClient(api.url, key) as client:
        found = client.history(scope, "Ana", "residence")
        everything = client.history(scope, "ana")
    assert [x.value for x in found] == ["lisbon", "porto", "porto", "madrid"]
    assert found[0].superseded_by == found[1].edu_id and found[-1].valid_to is None
    assert {x.attribute for x in everything} >= {"residence"}


def test_the_retriever_carries_validity_in_its_metadata(api: Api, moves: tuple[str, str]) -> None:
    scope, key = moves
    with HippographClient(api.url, key) as client:
        retriever = HippographRetriever(client=client, scope=scope, k=10)
        found = retriever.invoke("Where does Ana live now?")
    lisbon = next(d for d in found if "Lisbon" in d.page_content)
    assert lisbon.metadata["valid_to"] == "2024-02-26"
    assert "Porto" in lisbon.metadata["superseded_by"]["text"]
    assert found[0].metadata["superseded_by"] is None


def test_graphql_refuses_an_as_of_that_is_not_a_day(api: Api, moves: tuple[str, str]) -> None:
    scope, key = moves
    document = (
        'query($s: String!) { recall(scope: $s, query: "Where?", asOf: "May") { __typename } }'
    )
    answer = httpx.post(
        f"{api.url}/graphql", json={"query": document, "variables": {"s": scope}},
        headers={"Authorization": f"Bearer {key}"}, timeout=60,
    ).json()  # fmt: skip
    assert answer["errors"] and "Date" in answer["errors"][0]["message"]
