"""docs/analysis.md, cell by cell, on the graphdatascience client against the real server: the
sample scope opened as a GDS Graph, its scenes, personas, activation and centrality as
DataFrames."""

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hippograph.graph.connection import Neo4jConfig, open_driver
from hippograph.graph.errors import NotFoundError
from hippograph.graph.gds.analysis import ScopeAnalysis
from hippograph.graph.gds.projection import warm_projection

DOC = Path(__file__).resolve().parents[2] / "docs" / "analysis.md"


@pytest.fixture(autouse=True)
def warm(neo4j_config: Neo4jConfig, sample: str) -> None:
    """The sample's projection, as `hippograph up` leaves it: the walk opens the warm one. The
    sample is shared by the process's tests, and the catalog-budget test beside them drops
    every projection its small budget has no room for."""

    async def project() -> None:
        async with open_driver(neo4j_config) as driver:
            await warm_projection(driver, neo4j_config.database, sample)

    asyncio.run(project())


def test_the_analysis_walk_runs_on_the_sample(
    neo4j_config: Neo4jConfig, sample: str, tmp_path: Path
) -> None:
    cells = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert len(cells) >= 5
    script = tmp_path / "walk.py"
    script.write_text("\n".join(cells), encoding="utf-8")
    env = {
        **os.environ,
        "HIPPOGRAPH_NEO4J_URI": neo4j_config.uri,
        "HIPPOGRAPH_NEO4J_PASSWORD": neo4j_config.password.get_secret_value(),
        "HIPPOGRAPH_SCOPE": sample,
    }
    done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    said = done.stdout
    assert "hippograph-" in said and "nodes," in said  # the warm projection, by name
    assert "Marco" in said  # the shelves, built by Marco, and his persona
    assert "Bubbles" in said or "bubble" in said.lower()


def test_the_frames_hold_what_the_graph_holds(neo4j_config: Neo4jConfig, sample: str) -> None:
    memory = ScopeAnalysis.connect(
        neo4j_config.uri, "neo4j", neo4j_config.password.get_secret_value(), sample
    )
    scenes = memory.scenes(level=None)
    assert len(scenes) > 0 and {"id", "level", "size", "summary"} <= set(scenes.columns)
    assert set(memory.personas()["name"]) >= {"Hana", "Marco"}
    central = memory.centrality(limit=5)
    assert len(central) == 5 and central["centrality"].is_monotonic_decreasing
    activated = memory.activation(question="What is the sourdough starter called?", limit=10)
    assert "Bubbles" in " ".join(activated["node"].astype(str))
    with pytest.raises(ValueError):
        memory.activation()
    with pytest.raises(NotFoundError, match="no projection"):
        ScopeAnalysis(memory.gds, f"{sample}-nothing").graph()
    memory.gds.close()
