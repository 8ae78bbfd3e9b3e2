"""Every Cypher statement is a named file with a truthful ``// params:`` header."""

from pathlib import Path

import pytest
from neo4j import Driver

from hippograph.graph.cypher import Query, _parse, load_query, query_names
from hippograph.graph.errors import QueryNotFoundError, QueryParameterError

ALL_QUERIES = query_names()
# Schema commands cannot be EXPLAINed; test_schema runs them for real instead.
EXPLAINABLE = [name for name in ALL_QUERIES if not name.startswith("schema/")]


def test_queries_are_found_by_area_verb_noun_name() -> None:
    assert "schema/create_edu_exact_vector" in ALL_QUERIES
    assert "recall/search_vectors" in query_names("recall")
    assert "admin/await_indexes" in query_names("admin")
    assert all(name.startswith("admin/") for name in query_names("admin"))
    assert load_query("admin/await_indexes").params == frozenset({"seconds"})


@pytest.mark.parametrize("name", ["missing/find_nothing", "../etc/passwd", "schema", "a/b"])
def test_unknown_or_malformed_names_are_refused(name: str) -> None:
    with pytest.raises(QueryNotFoundError):
        load_query(name)


def test_a_header_that_disagrees_with_the_statement_is_refused() -> None:
    with pytest.raises(QueryParameterError, match="uses"):
        _parse("x/get_thing", "// params: scope\nMATCH (n {scope: $scope, id: $id}) RETURN n")
    with pytest.raises(QueryParameterError, match="header"):
        _parse("x/get_thing", "MATCH (n) RETURN n")


def test_values_must_match_the_declared_parameters() -> None:
    query = Query("x/get_thing", "MATCH (n {id: $id}) RETURN n", frozenset({"id"}))
    assert query.parameters({"id": "1"}) == {"id": "1"}
    with pytest.raises(QueryParameterError, match="missing"):
        query.parameters({})
    with pytest.raises(QueryParameterError, match="undeclared"):
        query.parameters({"id": "1", "label": "Session) DETACH DELETE (n"})


def test_every_file_lives_in_an_area_and_says_what_it_takes(repo_root: Path) -> None:
    files = sorted((repo_root / "queries").rglob("*.cypher"))
    assert len(files) == len(ALL_QUERIES)
    for file in files:
        assert file.parent.parent == repo_root / "queries", file
        assert "// params:" in file.read_text(encoding="utf-8"), file


@pytest.mark.parametrize("name", EXPLAINABLE)
@pytest.mark.usefixtures("schema")  # statements name the vector indexes
def test_every_query_compiles_on_the_real_server(driver: Driver, name: str) -> None:
    query = load_query(name)
    params = dict.fromkeys(query.params)
    # A language version (CYPHER 25) must come before EXPLAIN.
    version, _, body = (
        query.cypher.partition("\n")
        if query.cypher.startswith("CYPHER")
        else ("", "", query.cypher)
    )
    driver.execute_query(f"{version} EXPLAIN {body}", params)
