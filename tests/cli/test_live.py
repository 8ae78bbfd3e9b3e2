"""`hippograph bench live` in small: four scopes growing turn by turn through appendTurns while
two others are recalled, with its own Neo4j killed a second into the appends and restarted.
The command exits 0 only when every acknowledged turn is stored exactly once, at the position
it was acknowledged at, and nothing was given up; the test reads its report too."""

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from hippograph.graph.launcher import LocalServerConfig
from tests.cli.commands import cli_with, own_neo4j
from tests.evaluation.benchmark_files import locomo_sample

pytestmark = [pytest.mark.neo4j]


@pytest.fixture(scope="module")
def live_env(
    server_config: LocalServerConfig, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    """Settings for a Neo4j of this test's own (it gets killed), started through the CLI."""
    data = tmp_path_factory.mktemp("live")
    with own_neo4j(server_config.cache_dir, data, "live", COLUMNS="160") as env:
        yield env


@pytest.fixture(scope="module")
def conversations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two LoCoMo conversations of 6 turns: a scope of 12 turns goes round them."""
    path = tmp_path_factory.mktemp("live-data") / "locomo.json"
    path.write_text(json.dumps([locomo_sample("n1"), locomo_sample("n2")]), encoding="utf-8")
    return path


def test_live_appends_through_a_database_kill_store_each_turn_once(
    live_env: dict[str, str], conversations: Path
) -> None:
    run = cli_with(live_env, "bench", "live", str(conversations), "--scopes", "4", "--turns",
                   "6", "--clients", "4", "--recall-clients", "1", "--recall-scopes", "2",
                   "--baseline-recalls", "10", "--probe-every", "4", "--kill-at", "1")  # fmt: skip
    report = run.stdout
    # The report last: a failure's output is read from its end, after the server's log.
    assert run.returncode == 0, run.stderr[-3000:] + report
    assert re.search(r"Neo4j killed at [\d.]+ s; the API answered again at [\d.]+ s", report)
    assert "UNAVAILABLE" in report or "transport" in report, report
    assert "Acknowledged turns 24; read back 24 turns" in report, report
    assert "Every acknowledged turn is stored exactly once" in report, report
    found = re.search(r"found at the first recall (\d+), later (\d+)", report)
    assert found and int(found.group(1)) + int(found.group(2)) >= 4, report
    assert "hybrid" in report and "associative" in report
