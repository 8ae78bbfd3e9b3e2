"""Generated GraphQL operations (hypothesis-graphql, from the printed schema) with arbitrary
values: the server answers every one with data or a typed error, never a 500 or an INTERNAL
error, stays healthy, and changes nothing in scopes the key cannot write."""

from datetime import UTC
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from tests.api.test_errors_and_security import STATS, WATCHED, unchanged
from tests.api_server import Api

SCHEMA = (Path(__file__).resolve().parents[2] / "api" / "graphql" / "schema.graphql").read_text()


@cache
def _scalars(scope: str) -> dict[str, st.SearchStrategy[Any]]:
    """Dates as ISO strings; strings are often the key's own scope, so that generated
    operations reach past the scope check into recall, browsing and ingestion."""
    return {
        "Date": st.dates().map(lambda d: nodes.String(d.isoformat())),
        "DateTime": st.datetimes(timezones=st.just(UTC)).map(lambda d: nodes.String(d.isoformat())),
        "String": st.one_of(st.just(scope), st.text(max_size=80)).map(nodes.String),
    }


# Bounded: a few minutes at most on 2 cores.
FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _answered(api: Api, operation: str, key: str) -> None:
    answer = api.post({"query": operation}, key)
    assert answer.status_code in (200, 400, 413), (answer.status_code, operation, answer.text)
    body: dict[str, Any] = answer.json()
    codes = [e.get("extensions", {}).get("code") for e in body.get("errors") or ()]
    assert "INTERNAL" not in codes, (operation, body["errors"])


@pytest.fixture(scope="module")
def before(api: Api, orchard: list[dict[str, Any]], harbour: dict[str, Any]) -> dict[str, Any]:
    return {name: api.gql(STATS, name, scope=api.scopes[name])["stats"] for name in WATCHED}


@FUZZ
@given(data=st.data())
def test_generated_queries_get_data_or_typed_errors(
    api: Api, before: dict[str, Any], data: st.DataObject
) -> None:
    scalars = _scalars(api.scopes["harbour"])  # the reader key reads harbour
    _answered(api, data.draw(queries(SCHEMA, custom_scalars=scalars)), "reader")


@FUZZ
@given(data=st.data())
def test_generated_mutations_get_data_or_typed_errors(
    api: Api, before: dict[str, Any], data: st.DataObject
) -> None:
    scalars = _scalars(api.scopes["inputs"])  # the only scope the inputs key writes
    _answered(api, data.draw(mutations(SCHEMA, custom_scalars=scalars)), "inputs")


def test_after_fuzzing_the_server_is_healthy_and_other_scopes_untouched(
    api: Api, before: dict[str, Any]
) -> None:
    unchanged(api, before)
