"""Ingest over HTTP, then recall what was stored, with its provenance and explanation."""

from typing import Any

from tests.api.sessions import ORCHARD
from tests.api_server import INGEST_ONE, Api

RECALL = """
query($scope: String!, $query: String!, $k: Int!, $mode: RecallMode!) {
  recall(scope: $scope, query: $query, k: $k, mode: $mode) {
    __typename
    ... on Recall {
      resolved mode
      hits {
        rank score
        edu { id text speakers sessionId sessionDate turns { id speaker text position } }
        explanation { mode activationRank summary path { kind name } seed { kind name } }
      }
    }
    ... on Error { message }
  }
}"""


def recall(api: Api, scope: str, query: str, key: str = "orchard", k: int = 5,
           mode: str = "ASSOCIATIVE") -> dict[str, Any]:  # fmt: skip
    found: dict[str, Any] = api.gql(RECALL, key, scope=scope, query=query, k=k, mode=mode)["recall"]
    assert found["__typename"] == "Recall", found
    return found


def test_ingest_session_stores_it_and_says_what_it_stored(orchard: list[dict[str, Any]]) -> None:
    assert [o["__typename"] for o in orchard] == ["SessionOutcome", "SessionOutcome"]
    assert [o["sessionId"] for o in orchard] == ["orchard/2024-09-07", "orchard/2024-10-19"]
    assert all(o["status"] == "STORED" and o["edus"] > 0 for o in orchard)
    assert [o["turns"] for o in orchard] == [4, 3]


def test_sending_a_session_again_changes_nothing(api: Api, orchard: list[dict[str, Any]]) -> None:
    again = api.gql(INGEST_ONE, scope=api.scopes["orchard"], session=ORCHARD[0])
    assert again["ingestSession"]["status"] == "UNCHANGED"


def test_recall_answers_with_source_turns_and_an_explanation(
    api: Api, orchard: list[dict[str, Any]]
) -> None:
    found = recall(api, api.scopes["orchard"], "Who will run the cider stall at the fair?")
    assert found["mode"] == "ASSOCIATIVE"
    best = found["hits"][0]
    assert "Inês" in best["edu"]["text"]
    assert best["edu"]["sessionId"] == "orchard/2024-10-19"
    assert best["edu"]["turns"][0]["text"].startswith("My sister Inês will run the cider stall")
    assert best["edu"]["turns"][0]["speaker"] == "Rui"
    assert best["explanation"]["activationRank"] is not None
    assert best["explanation"]["seed"] is not None and best["explanation"]["summary"]
    assert [h["rank"] for h in found["hits"]] == list(range(1, len(found["hits"]) + 1))
    assert all(
        a["score"] >= b["score"] for a, b in zip(found["hits"], found["hits"][1:], strict=False)
    )


def test_every_mode_answers(api: Api, orchard: list[dict[str, Any]]) -> None:
    for mode in ("DENSE", "LEXICAL", "HYBRID", "ASSOCIATIVE"):
        found = recall(api, api.scopes["orchard"], "How many crates of apples?", mode=mode)
        assert found["mode"] == mode
        assert any("crates" in h["edu"]["text"] for h in found["hits"]), mode


def test_a_session_ingested_later_is_recalled(api: Api, orchard: list[dict[str, Any]]) -> None:
    later = {
        "id": "2024-11-02",
        "conversation": "orchard",
        "turns": [
            {"speaker": "Ana", "text": "Inês sold every bottle of quince jelly at the fair."}
        ],
    }
    stored = api.gql(INGEST_ONE, scope=api.scopes["orchard"], session=later)["ingestSession"]
    assert stored["status"] == "STORED"
    found = recall(api, api.scopes["orchard"], "What did Inês sell at the fair?")
    assert any("quince jelly" in h["edu"]["text"] for h in found["hits"][:3])


def test_a_batch_becomes_a_job_with_an_outcome_per_session(harbour: dict[str, Any]) -> None:
    assert harbour["state"] == "DONE", harbour
    assert harbour["total"] == 4 and harbour["done"] == 4
    outcomes = {o["sessionId"]: o for o in harbour["outcomes"]}
    assert {k: o["status"] for k, o in outcomes.items()} == {
        "harbour/h1": "STORED",
        "harbour/h2": "STORED",
        "harbour/h3": "STORED",
        "harbour/empty": "FAILED",
    }
    assert outcomes["harbour/empty"]["errorCode"] == "VALIDATION"
    assert "no turns" in outcomes["harbour/empty"]["error"]
    assert harbour["edus"] == sum(o["edus"] for o in outcomes.values()) > 0


def test_a_batch_is_recalled_once_its_job_is_done(api: Api, harbour: dict[str, Any]) -> None:
    found = recall(api, api.scopes["harbour"], "Where did the Marigold finish in the regatta?",
                   key="reader")  # fmt: skip
    assert any("third" in h["edu"]["text"].lower() for h in found["hits"][:3])
