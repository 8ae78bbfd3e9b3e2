"""What operators watch: /health says Neo4j and GDS answer; /metrics counts in Prometheus form."""

from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.api_server import INGEST_ONE, ORCHARD, Api


def test_health_reports_neo4j_and_the_gds_version(api: Api) -> None:
    answer = httpx.get(f"{api.url}/health")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok" and body["neo4j"] == "reachable"
    assert body["gds"].count(".") == 2


def test_metrics_count_requests_and_fields_by_result(
    api: Api, orchard: list[dict[str, Any]]
) -> None:
    api.gql("query($s: String!) { stats(scope: $s) { __typename } }", s=api.scopes["orchard"])
    api.gql('query($s: String!) { stats(scope: $s) { __typename } }', "reader",
            s=api.scopes["orchard"])  # fmt: skip
    text = httpx.get(f"{api.url}/metrics").text
    assert 'hippograph_graphql_fields_total{field="stats",result="Stats"}' in text
    assert 'hippograph_graphql_fields_total{field="stats",result="Forbidden"}' in text
    assert 'hippograph_http_requests_total{method="POST",route="/graphql",status="200"}' in text
    assert 'hippograph_graphql_field_seconds_bucket{field="stats",le="0.05"}' in text


def test_metrics_show_the_gds_catalog_against_its_budget(api: Api) -> None:
    # The tests' Neo4j is shared with other processes, whose projections the server only
    # counts against its budget when it builds one: a scope of this test's own makes it build.
    scope, key = api.own_scope("budget")
    api.keys[scope] = key
    stored = api.gql(INGEST_ONE, scope, scope=scope, session=ORCHARD[0])["ingestSession"]
    assert stored["status"] == "STORED", stored
    recalled = api.gql('query($s: String!) { recall(scope: $s, query: "cider") { __typename } }',
                       scope, s=scope)  # fmt: skip
    assert recalled["recall"]["__typename"] == "Recall"
    text = httpx.get(f"{api.url}/metrics").text
    samples = {s.name: s.value for f in text_string_to_metric_families(text) for s in f.samples}
    assert samples["hippograph_gds_warm_scopes"] >= 1
    assert 0 < samples["hippograph_gds_catalog_bytes"] <= samples[
        "hippograph_gds_catalog_budget_bytes"] == 1024 * 2**20  # fmt: skip
    assert "hippograph_gds_evictions_total" in samples
    assert "hippograph_gds_cold_projection_seconds_count" in samples


def test_graphiql_is_served_to_a_browser_without_a_key(api: Api) -> None:
    page = httpx.get(f"{api.url}/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    query = httpx.get(f"{api.url}/graphql", params={"query": "{ __typename }"})
    assert query.status_code == 401  # an operation by GET still needs a key
