"""The GDS plugin is real: its procedures answer, and PPR and Leiden compute what they should."""

import uuid
from collections.abc import Iterator

import networkx as nx
import numpy as np
import pytest
from graphdatascience import GraphDataScience
from neo4j import Driver

from hippograph.graph.connection import Neo4jConfig
from hippograph.graph.launcher.config import GDS_VERSION

# A small weighted graph: two triangles joined by a light edge, plus a pendant node.
EDGES = [
    ("a", "b", 3.0),
    ("b", "c", 1.0),
    ("c", "a", 2.0),
    ("c", "d", 0.5),
    ("d", "e", 1.0),
    ("e", "f", 4.0),
    ("f", "d", 1.0),
    ("f", "g", 2.0),
]
SEEDS = {"a": 0.7, "e": 0.3}
DAMPING = 0.85


def _load(driver: Driver, scope: str, edges: list[tuple[str, str, float]]) -> None:
    driver.execute_query(
        "UNWIND $edges AS e "
        "MERGE (s:AlgoNode {scope: $scope, name: e[0]}) "
        "MERGE (t:AlgoNode {scope: $scope, name: e[1]}) "
        "CREATE (s)-[:LINK {weight: e[2]}]->(t)",
        edges=[list(e) for e in edges],
        scope=scope,
    )


@pytest.fixture
def projected(driver: Driver, scope: str) -> Iterator[str]:
    """The scope's AlgoNode graph projected undirected with weights; dropped afterwards."""
    _load(driver, scope, EDGES)
    name = f"g-{uuid.uuid4().hex[:8]}"
    driver.execute_query(
        "MATCH (s:AlgoNode {scope: $scope})-[r:LINK]->(t:AlgoNode) "
        "WITH gds.graph.project($name, s, t, {relationshipProperties: {weight: r.weight}}, "
        "{undirectedRelationshipTypes: ['*']}) AS g RETURN g.graphName",
        scope=scope,
        name=name,
    )
    yield name
    driver.execute_query("CALL gds.graph.drop($name, false) YIELD graphName", name=name)
    driver.execute_query("MATCH (n:AlgoNode {scope: $scope}) DETACH DELETE n", scope=scope)


def _power_iteration(
    edges: list[tuple[str, str, float]], seeds: dict[str, float]
) -> dict[str, float]:
    """Weighted personalized PageRank as GDS defines it, solved exactly with numpy.

    score = (1 - d) * bias + d * sum over neighbours u of score(u) * w(u, v) / strength(u)
    """
    g = nx.Graph()
    g.add_weighted_edges_from(edges)
    nodes = sorted(g.nodes)
    weights = nx.to_numpy_array(g, nodelist=nodes, weight="weight")
    transition = weights / weights.sum(axis=1, keepdims=True)
    bias = np.array([seeds.get(n, 0.0) for n in nodes])
    scores = np.linalg.solve(np.eye(len(nodes)) - DAMPING * transition.T, (1 - DAMPING) * bias)
    return dict(zip(nodes, scores, strict=True))


def test_the_gds_plugin_answers_with_its_version(driver: Driver) -> None:
    records, _, _ = driver.execute_query("RETURN gds.version() AS version")
    assert records[0]["version"] == GDS_VERSION


def _ppr(driver: Driver, scope: str, graph: str, seeds: dict[str, float]) -> dict[str, float]:
    """Weighted personalized PageRank scores by node name, converged tightly."""
    records, _, _ = driver.execute_query(
        "UNWIND $seeds AS seed "
        "MATCH (n:AlgoNode {scope: $scope, name: seed[0]}) "
        "WITH collect([n, seed[1]]) AS sources "
        "CALL gds.pageRank.stream($graph, {sourceNodes: sources, dampingFactor: $damping, "
        "  relationshipWeightProperty: 'weight', maxIterations: 200, tolerance: 1e-12}) "
        "YIELD nodeId, score "
        "RETURN gds.util.asNode(nodeId).name AS name, score",
        seeds=[[k, v] for k, v in seeds.items()],
        scope=scope,
        graph=graph,
        damping=DAMPING,
    )
    return {r["name"]: r["score"] for r in records}


def test_weighted_personalized_pagerank_matches_an_independent_solution(
    driver: Driver, scope: str, projected: str
) -> None:
    gds_scores = _ppr(driver, scope, projected, SEEDS)
    expected = _power_iteration(EDGES, SEEDS)

    assert sorted(gds_scores, key=gds_scores.__getitem__) == sorted(
        expected, key=expected.__getitem__
    )
    for name, score in expected.items():
        assert gds_scores[name] == pytest.approx(score, abs=1e-6), name


def test_the_seed_weights_change_the_ranking(driver: Driver, scope: str, projected: str) -> None:
    """Weighted sourceNodes are honoured (GDS >= 2.17), not flattened to equal restart mass."""
    towards_a = _ppr(driver, scope, projected, {"a": 0.9, "e": 0.1})
    towards_e = _ppr(driver, scope, projected, {"a": 0.1, "e": 0.9})
    assert max(towards_a, key=towards_a.__getitem__) in {"a", "b", "c"}
    assert max(towards_e, key=towards_e.__getitem__) in {"d", "e", "f"}


def test_leiden_separates_two_planted_dense_clusters(driver: Driver, scope: str) -> None:
    left = [f"l{i}" for i in range(8)]
    right = [f"r{i}" for i in range(8)]
    edges = [
        (u, v, 1.0) for group in (left, right) for i, u in enumerate(group) for v in group[i + 1 :]
    ]
    edges.append(("l0", "r0", 1.0))
    _load(driver, scope, edges)
    name = f"leiden-{uuid.uuid4().hex[:8]}"
    try:
        driver.execute_query(
            "MATCH (s:AlgoNode {scope: $scope})-[r:LINK]->(t:AlgoNode) "
            "WITH gds.graph.project($name, s, t, {}, {undirectedRelationshipTypes: ['*']}) AS g "
            "RETURN g.graphName",
            scope=scope,
            name=name,
        )
        records, _, _ = driver.execute_query(
            "CALL gds.leiden.stream($name, {randomSeed: 7, concurrency: 1}) "
            "YIELD nodeId, communityId "
            "RETURN gds.util.asNode(nodeId).name AS name, communityId",
            name=name,
        )
    finally:
        driver.execute_query("CALL gds.graph.drop($name, false) YIELD graphName", name=name)
        driver.execute_query("MATCH (n:AlgoNode {scope: $scope}) DETACH DELETE n", scope=scope)
    community = {r["name"]: r["communityId"] for r in records}
    assert len({community[n] for n in left}) == 1
    assert len({community[n] for n in right}) == 1
    assert community["l0"] != community["r0"]


def test_the_official_python_client_speaks_to_the_server(neo4j_config: Neo4jConfig) -> None:
    gds = GraphDataScience(
        neo4j_config.uri,
        auth=(neo4j_config.user, neo4j_config.password.get_secret_value()),
    )
    try:
        assert str(gds.server_version()) == GDS_VERSION
    finally:
        gds.close()
