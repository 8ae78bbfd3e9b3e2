"""The schema file, introspection switch, operation cost and API keys: no server needed."""

from pathlib import Path

import pytest
from graphql import parse

from hippograph.api.auth import KeyRing, create_key, read_keys_file, revoke_key
from hippograph.api.errors import ForbiddenError, KeysFileError, UnauthenticatedError
from hippograph.api.graphql import build_schema
from hippograph.api.graphql.limits import operation_cost
from hippograph.cli.serve import SCHEMA_FILE


def test_the_exported_schema_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == str(build_schema()) + "\n", (
        "api/graphql/schema.graphql is stale: run `hippograph graphql-schema --write`"
    )


INTROSPECTION = "{ __schema { queryType { name } } }"


def test_introspection_can_be_switched_off() -> None:
    assert build_schema().execute_sync(INTROSPECTION).errors is None
    closed = build_schema(introspection=False).execute_sync(INTROSPECTION)
    assert closed.errors and "introspection" in closed.errors[0].message.lower()


def _cost(document: str, **variables: int) -> int:
    schema = build_schema()._schema
    parsed = parse(document)
    operation = parsed.definitions[0]
    return operation_cost(schema, operation, {}, variables, 100)  # type: ignore[arg-type]


class TestOperationCost:
    def test_each_field_counts_once(self) -> None:
        assert _cost('{ stats(scope: "a") { ... on Stats { sessions turns } } }') == 3

    def test_a_page_multiplies_what_is_under_it_by_its_size(self) -> None:
        document = (
            '{ sessions(scope: "a", first: 10) { ... on SessionConnection { nodes { id } } } }'
        )
        assert _cost(document) == 1 + 10 * (1 + 1)

    def test_left_out_page_sizes_count_at_their_defaults(self) -> None:
        recall = '{ recall(scope: "a", query: "q") { ... on Recall { hits { rank } } } }'
        assert _cost(recall) == 1 + 10 * 2  # k defaults to 10
        sessions = '{ sessions(scope: "a") { ... on SessionConnection { nodes { id } } } }'
        assert _cost(sessions) == 1 + 20 * 2  # first defaults to 20

    def test_variables_count_at_their_values(self) -> None:
        document = """query($n: Int!) { sessions(scope: "a", first: $n) {
                        ... on SessionConnection { nodes { id } } } }"""
        assert _cost(document, n=3) == 1 + 3 * 2

    def test_a_size_past_the_fields_own_bound_costs_the_bound(self) -> None:
        # The field refuses such a size with its own rule; the estimate must not pre-empt it.
        recall = '{ recall(scope: "a", query: "q", k: 100000) { ... on Recall { hits { rank } } } }'
        assert _cost(recall) == 1 + 200 * 2
        sessions = """{ sessions(scope: "a", first: 100000) {
                        ... on SessionConnection { nodes { id } } } }"""
        assert _cost(sessions) == 1 + 100 * 2


class TestApiKeys:
    def test_only_a_digest_is_stored(self, tmp_path: Path) -> None:
        path = tmp_path / "keys.json"
        key = create_key(path, "agent", ["team-a"], [])
        assert key.startswith("hg_") and len(key) > 40
        assert key not in path.read_text()
        assert oct(path.stat().st_mode & 0o777) == "0o600"
        assert KeyRing(read_keys_file(path)).authenticate(key).name == "agent"

    def test_writing_implies_reading_and_star_means_every_scope(self, tmp_path: Path) -> None:
        path = tmp_path / "keys.json"
        reader = create_key(path, "reader", ["team-a"], [])
        writer = create_key(path, "writer", [], ["team-b"])
        admin = create_key(path, "admin", [], ["*"])
        ring = KeyRing(read_keys_file(path))
        r, w, a = (ring.authenticate(k) for k in (reader, writer, admin))
        assert r.can_read("team-a") and not r.can_write("team-a") and not r.can_read("team-b")
        assert w.can_read("team-b") and w.can_write("team-b") and not w.can_read("team-a")
        assert a.can_write("anything")
        with pytest.raises(ForbiddenError):
            r.require_write("team-a")

    def test_unknown_missing_and_revoked_keys_are_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "keys.json"
        key = create_key(path, "agent", ["*"], [])
        for wrong in (None, "", "hg_wrong", key + "x"):
            with pytest.raises(UnauthenticatedError):
                KeyRing(read_keys_file(path)).authenticate(wrong)
        assert revoke_key(path, "agent") and not revoke_key(path, "agent")
        with pytest.raises(UnauthenticatedError):
            KeyRing(read_keys_file(path)).authenticate(key)

    def test_a_duplicate_name_or_a_bad_scope_is_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "keys.json"
        create_key(path, "agent", ["a"], [])
        with pytest.raises(KeysFileError, match="exists"):
            create_key(path, "agent", ["b"], [])
        with pytest.raises(KeysFileError, match="invalid grant"):
            create_key(path, "other", ["bad scope!"], [])
