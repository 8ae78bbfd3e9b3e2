"""Live memory through the API: appendTurns stores turns as they come, answers which were new,
makes them recallable in its answer's wake, refuses what it cannot store with the field named,
and tells how far the scope's scenes lag behind."""

from typing import Any

from tests.api_server import Api

APPEND = """mutation($scope: String!, $session: String!, $turns: [TurnInput!]!,
                     $startedAt: DateTime) {
  appendTurns(scope: $scope, session: $session, turns: $turns, startedAt: $startedAt) {
    __typename
    ... on TurnsAppended { sessionId created startedAt turnCount stored edus
                           turns { id sourceId position new } }
    ... on Error { message } ... on ValidationError { field } } }"""
RECALL = """query($scope: String!, $query: String!, $mode: RecallMode!) {
  recall(scope: $scope, query: $query, k: 5, mode: $mode) { __typename
    ... on Recall { hits { edu { text turns { sourceId } } } } ... on Error { message } } }"""
SESSION = """query($scope: String!, $id: ID!) { session(scope: $scope, id: $id) { __typename
  ... on Session { turnCount turns(first: 50) { nodes { sourceId speaker role position } } }
  ... on Error { message } } }"""
STATS = """query($scope: String!) { stats(scope: $scope) { __typename
  ... on Stats { edus scenes edusWithoutScene scenesStale } } }"""
BUILD = """mutation($scope: String!) { buildScenes(scope: $scope) { __typename } }"""


def _own(api: Api, name: str) -> tuple[str, str]:
    scope, key = api.own_scope(name)
    api.keys[scope] = key
    return scope, scope


def _turn(id: str, speaker: str, text: str, role: str = "USER") -> dict[str, Any]:
    return {"id": id, "speaker": speaker, "text": text, "role": role}


def _append(api: Api, key: str, scope: str, *turns: dict[str, Any]) -> dict[str, Any]:
    answer = api.gql(APPEND, key, scope=scope, session="2025-03-04", turns=list(turns),
                     startedAt="2025-03-04T09:00:00")  # fmt: skip
    result: dict[str, Any] = answer["appendTurns"]
    return result


def test_an_appended_turn_is_recalled_in_every_mode_when_the_answer_comes(api: Api) -> None:
    scope, key = _own(api, "live")
    _append(api, key, scope, _turn("m0", "Ana", "We moved to Ghent in January."))
    api.gql(RECALL, key, scope=scope, query="Where does Ana live?", mode="ASSOCIATIVE")
    appended = _append(
        api, key, scope, _turn("m1", "Ana", "Our dog is called Biscuit and loves the beach.")
    )
    assert appended["__typename"] == "TurnsAppended", appended
    assert (appended["created"], appended["stored"], appended["turnCount"]) == (False, 1, 2)
    for mode in ("ASSOCIATIVE", "HYBRID", "DENSE", "LEXICAL"):
        found = api.gql(RECALL, key, scope=scope, query="What is Ana's dog called?", mode=mode)
        turns = [t["sourceId"] for h in found["recall"]["hits"] for t in h["edu"]["turns"]]
        assert "m1" in turns, (mode, found)


def test_a_retry_stores_nothing_and_the_session_reads_back_in_order(api: Api) -> None:
    scope, key = _own(api, "retry")
    first = _append(api, key, scope, _turn("u1", "Ana", "Hello, I need a vet in Ghent."))
    assert (first["created"], first["stored"], first["sessionId"]) == (True, 1, "chat/2025-03-04")
    both = _append(
        api, key, scope,
        _turn("u1", "Ana", "Hello, I need a vet in Ghent."),
        _turn("a1", "Assistant", "Dierenkliniek Ghent opens at nine.", "ASSISTANT"),
    )  # fmt: skip
    assert [(t["sourceId"], t["position"], t["new"]) for t in both["turns"]] == [
        ("u1", 0, False),
        ("a1", 1, True),
    ]
    changed = _append(api, key, scope, _turn("u1", "Ana", "Hello, I need a dentist."))
    assert changed["__typename"] == "ConflictError" and "u1" in changed["message"], changed
    session = api.gql(SESSION, key, scope=scope, id="chat/2025-03-04")["session"]
    assert session["turnCount"] == 2
    assert [(t["sourceId"], t["role"], t["position"]) for t in session["turns"]["nodes"]] == [
        ("u1", "USER", 0),
        ("a1", "ASSISTANT", 1),
    ]


def test_what_cannot_be_appended_is_refused_with_its_field_and_nothing_is_stored(
    api: Api,
) -> None:
    scope, key = _own(api, "refused")
    empty = _append(api, key, scope)
    assert (empty["__typename"], empty["field"]) == ("ValidationError", "turns"), empty
    blank = _append(api, key, scope, {"speaker": "Ana", "text": "  "})
    assert blank["__typename"] == "ValidationError", blank
    slashed = api.gql(APPEND, key, scope=scope, session="a/b", turns=[_turn("x", "Ana", "Hi")])
    assert slashed["appendTurns"]["__typename"] == "ValidationError", slashed
    missing = api.gql(SESSION, key, scope=scope, id="chat/2025-03-04")["session"]
    assert missing["__typename"] == "NotFoundError", missing


def test_scenes_say_how_many_appended_edus_they_lack_until_built_again(api: Api) -> None:
    scope, key = _own(api, "scenes")
    talk = [
        ("Ana", "I joined a climbing gym in Ghent."), ("Ben", "Which gym? I climb at Blok."),
        ("Ana", "Blok too! I climb there with my sister Eva."), ("Ben", "Eva climbs? Since when?"),
        ("Ana", "Eva started climbing at Blok in May."), ("Ben", "My dog Biscuit hates gyms."),
        ("Ana", "Biscuit can wait at the cafe near Blok."), ("Ben", "The cafe near Blok is nice."),
    ]  # fmt: skip
    _append(api, key, scope, *(_turn(f"s{i}", who, text) for i, (who, text) in enumerate(talk)))
    api.gql(BUILD, key, scope=scope)
    built = api.gql(STATS, key, scope=scope)["stats"]
    assert built["scenes"] > 0 and built["edusWithoutScene"] == 0, built
    assert not built["scenesStale"]
    later = _append(api, key, scope, _turn("s9", "Ana", "Yes, Blok! I go there on Tuesdays."))
    lagging = api.gql(STATS, key, scope=scope)["stats"]
    assert lagging["scenesStale"] and lagging["edusWithoutScene"] == later["edus"] > 0, lagging
    api.gql(BUILD, key, scope=scope)
    assert api.gql(STATS, key, scope=scope)["stats"]["edusWithoutScene"] == 0
