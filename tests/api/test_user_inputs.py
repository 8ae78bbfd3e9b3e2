"""What a user may send is stored or answered with a defined result, or refused with a message
that names the user's own field and limit, never an internal model's constraint."""

from typing import Any

from neo4j import Driver

from tests.api_server import INGEST_ONE, Api, wait_for_job

STATS = """query($scope: String!) {
  stats(scope: $scope) { ... on Stats { sessions turns edus } } }"""
RECALL = """query($scope: String!, $query: String!) {
  recall(scope: $scope, query: $query, k: 3) {
    __typename ... on Recall { hits { edu { text date { start } } } }
    ... on Error { message } } }"""
INGEST = """mutation($scope: String!, $session: SessionInput!) {
  ingestSession(scope: $scope, session: $session) {
    __typename ... on SessionOutcome { status edus } ... on Error { message }
    ... on LimitExceededError { limit } } }"""


def _session(id: str, started_at: str, *texts: str) -> dict[str, Any]:
    speakers = ("Hana", "Marco")
    return {
        "id": id,
        "conversation": "inputs",
        "startedAt": started_at,
        "turns": [{"speaker": speakers[i % 2], "text": t} for i, t in enumerate(texts)],
    }


def _ingest(api: Api, session: dict[str, Any]) -> dict[str, Any]:
    return api.gql(INGEST, "inputs", scope=api.scopes["inputs"], session=session)["ingestSession"]


def test_a_very_long_noun_phrase_is_stored_and_a_long_question_answered(api: Api) -> None:
    oven = "I love the " + "big " * 120 + "red bread oven."
    stored = _ingest(api, _session("oven", "2025-03-03T09:00:00", oven, "It bakes well."))
    assert stored["__typename"] == "SessionOutcome" and stored["edus"] >= 1, stored
    question = ("Which " + "big " * 430 + "red bread oven does Hana love?")[:1_800]
    answered = api.gql(RECALL, "inputs", scope=api.scopes["inputs"], query=question)["recall"]
    assert answered["__typename"] == "Recall", answered
    assert any("red bread oven" in h["edu"]["text"] for h in answered["hits"])


def test_dates_beyond_the_calendar_stay_as_said(api: Api) -> None:
    late = _ingest(api, _session("late", "9999-12-31T10:00:00", "See you next year!", "Sure."))
    early = _ingest(api, _session("early", "0001-01-01T10:00:00", "That was last year.", "Yes."))
    assert late["__typename"] == early["__typename"] == "SessionOutcome", (late, early)
    hits = api.gql(RECALL, "inputs", scope=api.scopes["inputs"], query="next year")["recall"]
    said = next(h for h in hits["hits"] if "next year" in h["edu"]["text"])
    assert said["edu"]["date"] is None


def test_a_session_too_long_for_one_request_is_refused_before_any_work(api: Api) -> None:
    scope = api.scopes["inputs"]
    before = api.gql(STATS, "inputs", scope=scope)["stats"]
    texts = [f"Turn {i}: the oven is warm." for i in range(301)]
    refused = _ingest(api, _session("marathon", "2025-03-03T09:00:00", *texts))
    assert refused["__typename"] == "LimitExceededError" and refused["limit"] == 300, refused
    assert "301 turns" in refused["message"] and "ingestSessions" in refused["message"]
    assert api.gql(STATS, "inputs", scope=scope)["stats"] == before
    assert api.gql(INGEST_ONE, "inputs", scope=scope, session=_session(
        "short", "2025-03-04T09:00:00", "The oven is warm.", "Good."))["ingestSession"][
        "status"] == "STORED"  # fmt: skip


BATCH = """mutation($scope: String!, $sessions: [SessionInput!]!) {
  ingestSessions(scope: $scope, sessions: $sessions) { __typename ... on Job { id } } }"""
DELETE = """mutation($scope: String!) { deleteScope(scope: $scope) { __typename } }"""


def test_a_scope_deleted_while_a_batch_is_stored_keeps_nothing_of_it(
    api: Api, driver: Driver
) -> None:
    """Found by the fuzzer: a deletion that interleaved with a batch's writes left turns
    without their session, and sending that session again then failed."""
    scope = api.scopes["inputs"]
    days = [f"2025-04-{d:02d}T08:00:00" for d in range(1, 7)]
    sessions = [
        _session(f"week-{i}", day, f"Day {i}: I proofed the rye dough overnight.",
                 "Did the crust crack?", "Only a little, the oven was too hot.")
        for i, day in enumerate(days)
    ]  # fmt: skip
    assert _ingest(api, sessions[0])["__typename"] == "SessionOutcome"
    started = api.gql(BATCH, "inputs", scope=scope, sessions=sessions[1:])["ingestSessions"]
    assert started["__typename"] == "Job"
    assert api.gql(DELETE, "inputs", scope=scope)["deleteScope"]["__typename"] == "Deleted"

    def left() -> int:
        records, _, _ = driver.execute_query(
            "MATCH (n {scope: $scope}) RETURN count(n) AS n", scope=scope
        )
        return int(records[0]["n"])

    assert left() == 0
    wait_for_job(api, started["id"], "inputs")  # the batch has stopped writing
    assert left() == 0
    again = _ingest(api, sessions[1])
    assert again["__typename"] == "SessionOutcome" and again["status"] == "STORED", again


COUNTED = """query($scope: String!, $k: Int!, $first: Int!) {
  recall(scope: $scope, query: "oven", k: $k) { __typename ... on Error { message }
    ... on ValidationError { field } ... on LimitExceededError { limit } }
  sessions(scope: $scope, first: $first) { __typename ... on Error { message }
    ... on ValidationError { field } ... on LimitExceededError { limit } } }"""


def test_a_count_below_one_is_invalid_and_one_above_its_limit_carries_the_limit(api: Api) -> None:
    scope = api.scopes["inputs"]
    for nothing in (0, -5):
        answer = api.gql(COUNTED, "inputs", scope=scope, k=nothing, first=nothing)
        assert answer["recall"] == {
            "__typename": "ValidationError",
            "field": "k",
            "message": f"k must be at least 1, not {nothing}",
        }
        assert answer["sessions"]["__typename"] == "ValidationError"
        assert answer["sessions"]["field"] == "first"  # fmt: skip
    too_many = api.gql(COUNTED, "inputs", scope=scope, k=201, first=100_000)
    assert too_many["recall"]["__typename"] == "LimitExceededError"
    assert too_many["recall"]["limit"] == 200
    assert too_many["sessions"]["__typename"] == "LimitExceededError"
    assert too_many["sessions"]["limit"] > 0
