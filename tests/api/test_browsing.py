"""Browsing a scope over HTTP: connections page by page, entities, scenes, personas, stats."""

from typing import Any

from tests.api_server import Api

SESSIONS = """
query($scope: String!, $first: Int!, $after: String) {
  sessions(scope: $scope, first: $first, after: $after) {
    __typename
    ... on SessionConnection {
      edges { cursor node { id startedAt turnCount eduCount
                            turns(first: 2) { nodes { id position text }
                                              pageInfo { hasNextPage endCursor } } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
    ... on Error { message }
  }
}"""


def test_sessions_page_through_every_session_once(api: Api, harbour: dict[str, Any]) -> None:
    seen, after, pages = [], None, 0
    while True:
        page = api.gql(SESSIONS, "reader", scope=api.scopes["harbour"], first=1, after=after)
        connection = page["sessions"]
        seen += [e["node"]["id"] for e in connection["edges"]]
        assert connection["pageInfo"]["hasPreviousPage"] == (pages > 0)
        pages += 1
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert seen == ["harbour/h1", "harbour/h2", "harbour/h3"]  # oldest first


def test_nested_turns_are_a_connection_of_their_own(api: Api, harbour: dict[str, Any]) -> None:
    first = api.gql(SESSIONS, "reader", scope=api.scopes["harbour"], first=3)["sessions"]
    h1 = first["edges"][0]["node"]
    assert h1["turnCount"] == 3 and h1["eduCount"] > 0
    assert [t["position"] for t in h1["turns"]["nodes"]] == [0, 1]
    assert h1["turns"]["pageInfo"]["hasNextPage"]
    rest = api.gql(
        """query($scope: String!, $after: String) { sessions(scope: $scope, first: 1) {
             ... on SessionConnection { nodes { turns(first: 5, after: $after) {
               nodes { position text } pageInfo { hasNextPage } } } } } }""",
        "reader", scope=api.scopes["harbour"], after=h1["turns"]["pageInfo"]["endCursor"],
    )["sessions"]["nodes"][0]["turns"]  # fmt: skip
    assert [t["position"] for t in rest["nodes"]] == [2]
    assert rest["nodes"][0]["text"].startswith("At the Kessock harbour")
    assert not rest["pageInfo"]["hasNextPage"]


ENTITY = """
query($scope: String!, $name: String!) {
  entity(scope: $scope, name: $name) {
    __typename
    ... on Entity {
      id name type sessionCount
      edus(first: 10) { nodes { text sessionId turns { speaker } } }
      neighbours(first: 5) { nodes { sharedEdus similarity entity { name } } }
    }
    ... on Error { message }
  }
}"""


def test_an_entity_brings_its_edus_and_neighbours(api: Api, harbour: dict[str, Any]) -> None:
    found = api.gql(ENTITY, "reader", scope=api.scopes["harbour"], name="marigold")["entity"]
    assert found["__typename"] == "Entity" and found["name"] == "Marigold"
    sessions = [e["sessionId"] for e in found["edus"]["nodes"]]
    assert sessions == sorted(sessions)  # oldest first
    assert len(set(sessions)) == found["sessionCount"] >= 2
    assert all("Marigold" in e["text"] for e in found["edus"]["nodes"])
    neighbours = [n["entity"]["name"] for n in found["neighbours"]["nodes"]]
    assert neighbours and all(n["sharedEdus"] >= 1 or n["similarity"] for n in
                              found["neighbours"]["nodes"])  # fmt: skip


def test_related_ranks_what_activation_reaches(api: Api, harbour: dict[str, Any]) -> None:
    found = api.gql(
        """query($scope: String!) { related(scope: $scope, entity: "Marigold", limit: 5) {
             __typename ... on Related { name entities { name score } edus { text score } } } }""",
        "reader", scope=api.scopes["harbour"],
    )["related"]  # fmt: skip
    assert found["__typename"] == "Related" and found["name"] == "Marigold"
    scores = [e["score"] for e in found["edus"]]
    assert scores and scores == sorted(scores, reverse=True)


def test_scenes_personas_and_stats_after_a_scene_build(api: Api, harbour: dict[str, Any]) -> None:
    scope = api.scopes["harbour"]
    built = api.gql(
        """mutation($scope: String!) { buildScenes(scope: $scope) {
             __typename ... on ScenesBuilt { scenes personas } ... on Error { message } } }""",
        "harbour", scope=scope,
    )["buildScenes"]  # fmt: skip
    assert built["__typename"] == "ScenesBuilt" and built["personas"] >= 1
    stats = api.gql(
        """query($scope: String!) { stats(scope: $scope) { ... on Stats {
             sessions turns edus entities scenes personas } } }""", "reader", scope=scope,
    )["stats"]  # fmt: skip
    assert stats["sessions"] == 3 and stats["turns"] == 7
    assert stats["scenes"] == built["scenes"] and stats["personas"] == built["personas"]
    scenes = api.gql(
        """query($scope: String!) { scenes(scope: $scope, first: 50) { ... on SceneConnection {
             nodes { id level size summary members(first: 50) { nodes { id } } } } } }""",
        "reader", scope=scope,
    )["scenes"]["nodes"]  # fmt: skip
    assert len(scenes) == built["scenes"]
    for scene in scenes:
        assert len(scene["members"]["nodes"]) == min(scene["size"], 50) and scene["summary"]
    persona = api.gql(
        """query($scope: String!) { persona(scope: $scope, speaker: "lena") {
             __typename ... on Persona { name statements facts } ... on Error { message } } }""",
        "reader", scope=scope,
    )["persona"]  # fmt: skip
    assert persona["__typename"] == "Persona", persona
    assert persona["name"] == "Lena" and persona["statements"] > 0


def test_edu_by_id_carries_its_entities(api: Api, harbour: dict[str, Any]) -> None:
    scope = api.scopes["harbour"]
    first = api.gql(
        """query($scope: String!) { sessions(scope: $scope, first: 1) { ... on SessionConnection {
             nodes { edus(first: 1) { nodes { id text } } } } } }""", "reader", scope=scope,
    )["sessions"]["nodes"][0]["edus"]["nodes"][0]  # fmt: skip
    edu = api.gql(
        """query($scope: String!, $id: ID!) { edu(scope: $scope, id: $id) {
             __typename ... on EDU { text entities { role entity { name type } } } } }""",
        "reader", scope=scope, id=first["id"],
    )["edu"]  # fmt: skip
    assert edu["text"] == first["text"]
    assert "Marigold" in {m["entity"]["name"] for m in edu["entities"]}
