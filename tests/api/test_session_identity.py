"""A session's identity is the pair (conversation, id), each following the id grammar; storing
other content under a stored identity is an explicit replace, skip or refusal (onConflict)."""

from typing import Any

from tests.api_server import Api, wait_for_job

INGEST = """mutation($scope: String!, $session: SessionInput!, $onConflict: OnConflict) {
  ingestSession(scope: $scope, session: $session, onConflict: $onConflict) {
    __typename ... on SessionOutcome { sessionId status }
    ... on Error { message } ... on ValidationError { field } } }"""
BATCH = """mutation($scope: String!, $sessions: [SessionInput!]!, $onConflict: OnConflict) {
  ingestSessions(scope: $scope, sessions: $sessions, onConflict: $onConflict) {
    __typename ... on Job { id } ... on Error { message } } }"""
TEXTS = """query($scope: String!) { sessions(scope: $scope) { ... on SessionConnection {
  nodes { id turns { nodes { text } } } } } }"""


def _session(conversation: str, id: str, text: str) -> dict[str, Any]:
    turns = [{"speaker": "Vera", "text": text}, {"speaker": "Omar", "text": "Noted."}]
    return {"conversation": conversation, "id": id, "startedAt": "2025-05-01T10:00:00",
            "turns": turns}  # fmt: skip


def _own(api: Api, name: str) -> tuple[str, str]:
    """A fresh scope, and the name of a key that writes it."""
    scope, key = api.own_scope(name)
    api.keys[scope] = key
    return scope, scope


def _stored(api: Api, scope: str, key: str) -> dict[str, list[str]]:
    nodes = api.gql(TEXTS, key, scope=scope)["sessions"]["nodes"]
    return {n["id"]: [t["text"] for t in n["turns"]["nodes"]] for n in nodes}


def test_the_probes_two_sessions_cannot_share_an_id_the_slashed_one_is_refused(api: Api) -> None:
    scope, key = _own(api, "identity")
    first = api.gql(INGEST, key, scope=scope, session=_session("x/y", "z", "the code is red"))
    second = api.gql(INGEST, key, scope=scope, session=_session("x", "y/z", "the code is blue"))
    for answer, field in ((first, "conversation"), (second, "session")):
        refused = answer["ingestSession"]
        assert refused["__typename"] == "ValidationError", refused
        assert refused["message"].startswith(f"{field}: "), refused
        assert "1 to 128 letters, digits and . _ : @ -" in refused["message"], refused
    path_like = _session("../probe-a", "../../probe-a/chat/2025-05-01", "escape")
    refused = api.gql(INGEST, key, scope=scope, session=path_like)["ingestSession"]
    assert refused["__typename"] == "ValidationError" and "is not an id" in refused["message"]
    assert _stored(api, scope, key) == {}  # nothing of the refused sessions was stored


def test_other_content_under_a_stored_identity_is_replaced_skipped_or_refused(api: Api) -> None:
    scope, key = _own(api, "conflict")
    red, blue = _session("x", "z", "the code is red"), _session("x", "z", "the code is blue")
    green = _session("x", "z", "the code is green")
    stored = api.gql(INGEST, key, scope=scope, session=red)["ingestSession"]
    assert stored == {"__typename": "SessionOutcome", "sessionId": "x/z", "status": "STORED"}
    again = api.gql(INGEST, key, scope=scope, session=red, onConflict="FAIL")["ingestSession"]
    assert again["status"] == "UNCHANGED"  # the same content is never a conflict

    refused = api.gql(INGEST, key, scope=scope, session=blue, onConflict="FAIL")["ingestSession"]
    assert refused["__typename"] == "ConflictError", refused
    assert "other content" in refused["message"]
    skipped = api.gql(INGEST, key, scope=scope, session=blue, onConflict="SKIP")["ingestSession"]
    assert skipped["status"] == "SKIPPED"
    assert _stored(api, scope, key) == {"x/z": ["the code is red", "Noted."]}

    replaced = api.gql(INGEST, key, scope=scope, session=blue)["ingestSession"]  # the default
    assert replaced["status"] == "REPLACED"
    assert _stored(api, scope, key) == {"x/z": ["the code is blue", "Noted."]}

    started = api.gql(BATCH, key, scope=scope, sessions=[green, _session("x", "w", "new")],
                      onConflict="FAIL")["ingestSessions"]  # fmt: skip
    job = wait_for_job(api, started["id"], key)
    outcomes = {o["sessionId"]: (o["status"], o["errorCode"]) for o in job["outcomes"]}
    assert outcomes == {"x/z": ("FAILED", "CONFLICT"), "x/w": ("STORED", None)}
    assert _stored(api, scope, key)["x/z"] == ["the code is blue", "Noted."]
