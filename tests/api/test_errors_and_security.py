"""Typed errors, keys and scopes, limits and hostile input: the server stays up, and nothing
stored is lost or altered."""

import re
from typing import Any

import httpx
import pytest
from neo4j import Driver

from tests.api_server import BODY_LIMIT, INGEST_ONE, JOB, Api, wait_for_job

STATS = """query($scope: String!) { stats(scope: $scope) {
  __typename ... on Stats { sessions turns edus entities } ... on Error { message } } }"""
WATCHED = ("orchard", "harbour")  # the scopes (and their writer keys) every refusal must leave be
RECALL = """query($scope: String!, $query: String!, $k: Int!) {
  recall(scope: $scope, query: $query, k: $k) {
    __typename ... on Recall { hits { edu { text } } }
    ... on ForbiddenError { message scope } ... on LimitExceededError { message limit }
    ... on ValidationError { message field } ... on NotFoundError { message } } }"""


@pytest.fixture
def before(api: Api, orchard: list[dict[str, Any]], harbour: dict[str, Any]) -> dict[str, Any]:
    """What both scopes hold before a test; the test checks it holds the same after."""
    return {name: api.gql(STATS, name, scope=api.scopes[name])["stats"] for name in WATCHED}


def unchanged(api: Api, before: dict[str, Any]) -> None:
    assert api.alive()
    after = {name: api.gql(STATS, name, scope=api.scopes[name])["stats"] for name in WATCHED}
    assert after == before


class TestTypedErrors:
    def test_unknown_ids_are_not_found(self, api: Api, before: dict[str, Any]) -> None:
        scope = api.scopes["orchard"]
        for document, field in [
            ('query($s: String!) { edu(scope: $s, id: "edu-nope") { __typename } }', "edu"),
            ('query($s: String!) { entity(scope: $s, name: "Zanzibar") { __typename } }',
             "entity"),
            ('query($s: String!) { persona(scope: $s, speaker: "Nobody") { __typename } }',
             "persona"),
            ('query($s: String!) { related(scope: $s, entity: "Nobody") { __typename } }',
             "related"),
            ('mutation($s: String!) { deleteSession(scope: $s, id: "nope") { __typename } }',
             "deleteSession"),
        ]:  # fmt: skip
            assert api.gql(document, s=scope)[field]["__typename"] == "NotFoundError", field
        job = api.gql(JOB, id="job-does-not-exist")["job"]
        assert job["__typename"] == "NotFoundError"
        unchanged(api, before)

    def test_limits_are_limit_errors(self, api: Api, before: dict[str, Any]) -> None:
        scope = api.scopes["orchard"]
        too_many = api.gql(RECALL, scope=scope, query="cider", k=1000)["recall"]
        assert too_many["__typename"] == "LimitExceededError" and "k is 1000" in too_many["message"]
        too_long = api.gql(RECALL, scope=scope, query="cider " * 500, k=5)["recall"]
        assert too_long["__typename"] == "LimitExceededError" and too_long["limit"] == 2000
        page = api.gql(
            "query($s: String!) { sessions(scope: $s, first: 5000) { __typename } }", s=scope
        )["sessions"]
        assert page["__typename"] == "LimitExceededError"
        # Below a top-level field no union can carry it: a GraphQL error named by its type.
        nested = api.post(
            {
                "query": "query($s: String!) { entities(scope: $s, first: 1) { "
                "... on EntityConnection { nodes { edus(first: 500) { "
                "nodes { id } } } } } }",
                "variables": {"s": scope},
            }
        ).json()
        (error,) = nested["errors"]
        assert error["extensions"] == {"code": "LimitExceededError", "limit": 100}
        assert error["message"] == "first is 500; the limit is 100"
        assert error["path"] == ["entities", "nodes", 0, "edus"]
        unchanged(api, before)

    def test_bad_arguments_are_validation_errors(self, api: Api, before: dict[str, Any]) -> None:
        scope = api.scopes["orchard"]
        cursor = api.gql(
            'query($s: String!) { sessions(scope: $s, after: "bm90LWEtY3Vyc29y") { '
            "__typename ... on ValidationError { field message } } }", s=scope,
        )["sessions"]  # fmt: skip
        assert cursor == {"__typename": "ValidationError", "field": "after",
                          "message": cursor["message"]}  # fmt: skip
        empty = api.gql(RECALL, scope=scope, query="   ", k=5)["recall"]
        assert empty["__typename"] == "ValidationError" and "empty" in empty["message"]
        duplicate = api.gql(
            INGEST_ONE, scope=scope,
            session={"id": "dup", "turns": [{"id": "t", "speaker": "Ana", "text": "a"},
                                           {"id": "t", "speaker": "Rui", "text": "b"}]},
        )["ingestSession"]  # fmt: skip
        assert duplicate["__typename"] == "ValidationError" and "repeats" in duplicate["message"]
        unchanged(api, before)

    def test_an_unexpected_exception_is_internal_with_a_request_id(
        self, api: Api, driver: Driver
    ) -> None:
        """A stored EDU the server cannot read (written around it, here by hand) is no fault of
        the caller's: INTERNAL with the request's id, never a ValidationError; the log has the
        trace under the same id, and the server goes on answering."""
        scope, key = api.own_scope("corrupt")
        driver.execute_query(
            "CREATE (:Session {scope: $scope, id: 'chat/s1'}) "
            "CREATE (:EDU {scope: $scope, id: 'e1', session: 'chat/s1', text: 42, "
            "speakers: ['Ana']})",
            scope=scope,
        )
        document = 'query($s: String!) { edu(scope: $s, id: "e1") { __typename } }'
        answer = httpx.post(
            f"{api.url}/graphql",
            json={"query": document, "variables": {"s": scope}},
            headers={"Authorization": f"Bearer {key}", "X-Request-Id": "trace-4711"},
            timeout=60,
        )
        assert answer.status_code == 200
        (error,) = answer.json()["errors"]
        assert error["extensions"] == {"code": "INTERNAL", "requestId": "trace-4711"}
        assert error["message"] == "internal error (logged); request id trace-4711"
        assert answer.headers["x-request-id"] == "trace-4711"
        log = (api.keys_file.parent / "serve.log").read_text()
        assert re.search(r"request trace-4711: \w+ at edu\n", log), log[-2000:]
        assert "Traceback" in log.split("request trace-4711", 1)[1]

        fresh = api.post({"query": STATS.replace("$scope", "$s"), "variables": {"s": "x"}})
        assert fresh.headers["x-request-id"] not in ("", "trace-4711")
        assert api.alive()


class TestScopeIsolation:
    def test_a_key_sees_only_its_scopes(self, api: Api, before: dict[str, Any]) -> None:
        listed = api.gql("{ scopes(first: 100) { ... on ScopeConnection { nodes { id } } } }",
                         "reader")["scopes"]["nodes"]  # fmt: skip
        assert [s["id"] for s in listed] == [api.scopes["harbour"]]

    def test_reading_another_scope_is_forbidden(self, api: Api, before: dict[str, Any]) -> None:
        orchard = api.scopes["orchard"]
        refused = api.gql(RECALL, "reader", scope=orchard, query="cider", k=5)["recall"]
        assert refused == {"__typename": "ForbiddenError", "scope": orchard,
                           "message": refused["message"]}  # fmt: skip
        for document, field in [
            ("query($s: String!) { sessions(scope: $s) { __typename } }", "sessions"),
            ("query($s: String!) { stats(scope: $s) { __typename } }", "stats"),
            ('query($s: String!) { entity(scope: $s, name: "Ana") { __typename } }', "entity"),
            ("query($s: String!) { scenes(scope: $s) { __typename } }", "scenes"),
        ]:
            assert api.gql(document, "reader", s=orchard)[field]["__typename"] == "ForbiddenError"
        unchanged(api, before)

    def test_a_reader_cannot_write_and_a_writer_only_its_scope(
        self, api: Api, before: dict[str, Any]
    ) -> None:
        session = {"id": "intruder", "turns": [{"speaker": "Eve", "text": "I was here."}]}
        for key, scope in [("reader", "harbour"), ("orchard", "harbour"), ("harbour", "orchard")]:
            answer = api.gql(INGEST_ONE, key, scope=api.scopes[scope], session=session)
            assert answer["ingestSession"]["__typename"] == "ForbiddenError", (key, scope)
            deleted = api.gql('mutation($s: String!) { deleteScope(scope: $s) { __typename } }',
                              key, s=api.scopes[scope])["deleteScope"]  # fmt: skip
            assert deleted["__typename"] == "ForbiddenError"
        unchanged(api, before)

    def test_ids_of_one_scope_do_not_resolve_in_another(
        self, api: Api, before: dict[str, Any]
    ) -> None:
        hit = api.gql(RECALL, scope=api.scopes["orchard"], query="cider", k=1)["recall"]
        orchard_edu = api.gql(
            'query($s: String!) { sessions(scope: $s, first: 1) { ... on SessionConnection { '
            "nodes { edus(first: 1) { nodes { id } } } } } }", s=api.scopes["orchard"],
        )["sessions"]["nodes"][0]["edus"]["nodes"][0]["id"]  # fmt: skip
        assert hit["hits"]
        leaked = api.gql('query($s: String!, $id: ID!) { edu(scope: $s, id: $id) { __typename } }',
                         "reader", s=api.scopes["harbour"], id=orchard_edu)["edu"]  # fmt: skip
        assert leaked["__typename"] == "NotFoundError"
        job = api_job_of_orchard(api)
        assert api.gql(JOB, "orchard", id=job)["job"]["__typename"] == "Job"
        assert api.gql(JOB, "reader", id=job)["job"]["__typename"] == "NotFoundError"


def api_job_of_orchard(api: Api) -> str:
    started = api.gql(
        """mutation($s: String!, $sessions: [SessionInput!]!) { ingestSessions(scope: $s,
             sessions: $sessions) { ... on Job { id } } }""",
        s=api.scopes["orchard"], sessions=[{"id": "tiny", "turns": [{"speaker": "Ana",
                                                                     "text": "Hello Rui."}]}],
    )["ingestSessions"]  # fmt: skip
    wait_for_job(api, started["id"], "orchard")
    return str(started["id"])


class TestRequestLimits:
    def test_no_key_or_an_unknown_key_is_unauthenticated(self, api: Api) -> None:
        for key in (None, "hg_not-a-real-key"):
            headers = {"X-API-Key": key} if key else {}
            answer = httpx.post(f"{api.url}/graphql", json={"query": "{ __typename }"},
                                headers=headers)  # fmt: skip
            assert answer.status_code == 401
            assert answer.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    def test_too_deep_a_query_is_refused_before_it_runs(
        self, api: Api, before: dict[str, Any]
    ) -> None:
        nested = (
            "nodes { entity { neighbours(first: 1) { " * 6 + "nodes { sharedEdus }" + " } } }" * 6
        )
        document = ('query($s: String!) { entity(scope: $s, name: "Marigold") { ... on Entity { '
                    f"neighbours(first: 1) {{ {nested} }} }} }} }}")  # fmt: skip
        answer = api.post({"query": document, "variables": {"s": api.scopes["harbour"]}},
                          "harbour")  # fmt: skip
        error = answer.json()["errors"][0]
        assert answer.json()["data"] is None and "depth" in error["message"]
        assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        unchanged(api, before)

    def test_too_costly_a_query_is_refused_before_it_runs(
        self, api: Api, before: dict[str, Any]
    ) -> None:
        document = """query($s: String!) { sessions(scope: $s, first: 100) { ... on
          SessionConnection { nodes { edus(first: 100) { nodes { entities { entity {
          edus(first: 100) { nodes { text } } } } } } } } } }"""
        answer = api.post({"query": document, "variables": {"s": api.scopes["orchard"]}})
        error = answer.json()["errors"][0]
        assert error["extensions"]["code"] == "COST_LIMIT_EXCEEDED"
        assert error["extensions"]["cost"] > error["extensions"]["limit"]
        unchanged(api, before)

    def test_a_body_over_the_limit_is_refused(self, api: Api, before: dict[str, Any]) -> None:
        huge = {"query": "{ __typename }", "variables": {"pad": "x" * (BODY_LIMIT + 10)}}
        answer = api.post(huge)
        assert answer.status_code == 413
        assert answer.json()["errors"][0]["extensions"]["code"] == "BODY_TOO_LARGE"

        def chunks() -> Any:  # no Content-Length: the server counts as it reads
            yield b'{"query": "{ __typename }", "pad": "'
            for _ in range(BODY_LIMIT // 10_000 + 2):
                yield b"y" * 10_000
            yield b'"}'

        streamed = httpx.post(f"{api.url}/graphql", content=chunks(),
                              headers={"Authorization": f"Bearer {api.keys['orchard']}",
                                       "Content-Type": "application/json"})  # fmt: skip
        assert streamed.status_code == 413
        unchanged(api, before)

    def test_malformed_json_and_garbage_documents_get_clear_errors(
        self, api: Api, before: dict[str, Any]
    ) -> None:
        headers = {"Authorization": f"Bearer {api.keys['orchard']}",
                   "Content-Type": "application/json"}  # fmt: skip
        broken = httpx.post(f"{api.url}/graphql", content=b'{"query": "{ scopes', headers=headers)
        assert broken.status_code == 400 and "JSON" in broken.text
        for document in ["{ scopes(first: ", "mutation { deleteScope }", "{ nope }", "}" * 5000]:
            answer = api.post({"query": document})
            assert answer.status_code in (200, 400), answer.text
            assert answer.json()["errors"], document
        unchanged(api, before)


HOSTILE = [
    "x' OR 1=1 //",
    "') MATCH (n) DETACH DELETE n //",
    "}) RETURN 1 UNION MATCH (n) RETURN n //",
    "\u0000\u202e${jndi:ldap://x}",
    "Robert'); DROP DATABASE neo4j;--",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_strings_are_only_ever_values(
    api: Api, before: dict[str, Any], hostile: str
) -> None:
    orchard = api.scopes["orchard"]
    bad_scope = api.gql(RECALL, scope=hostile, query="cider", k=5)["recall"]
    assert bad_scope["__typename"] == "ValidationError" and bad_scope["field"] == "scope"
    for document, field in [
        ("query($s: String!, $x: String!) { entity(scope: $s, name: $x) { __typename } }",
         "entity"),
        ("query($s: String!, $x: String!) { persona(scope: $s, speaker: $x) { __typename } }",
         "persona"),
        ("query($s: String!, $x: ID!) { edu(scope: $s, id: $x) { __typename } }", "edu"),
        ("mutation($s: String!, $x: ID!) { deleteSession(scope: $s, id: $x) { __typename } }",
         "deleteSession"),
        ("query($x: ID!) { job(id: $x) { __typename } }", "job"),
    ]:  # fmt: skip
        assert api.gql(document, s=orchard, x=hostile)[field]["__typename"] == "NotFoundError"
    found = api.gql(RECALL, scope=orchard, query=hostile, k=3)["recall"]
    assert found["__typename"] in ("Recall", "ValidationError")
    unchanged(api, before)
