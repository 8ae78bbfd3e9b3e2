"""The short soak: `hippograph bench soak` with 8 clients for 60 s mixing recalls in every mode,
browsing and ingests, its own Neo4j killed and restarted halfway. The command exits 0 only when
every error is UNAVAILABLE inside the outage and every acknowledged session is stored whole
and once; the test reads its report too."""

import re
from collections.abc import Iterator

import pytest

from hippograph.graph.launcher import LocalServerConfig
from tests.cli.commands import cli_with, own_neo4j

pytestmark = [pytest.mark.neo4j, pytest.mark.slow, pytest.mark.alone]


@pytest.fixture(scope="module")
def soak_env(
    server_config: LocalServerConfig, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    """Settings for a Neo4j of the soak's own (it gets killed), started through the CLI."""
    with own_neo4j(server_config.cache_dir, tmp_path_factory.mktemp("soak"), "soak") as env:
        yield env


def test_a_short_soak_with_a_database_kill_loses_nothing(soak_env: dict[str, str]) -> None:
    soak = cli_with({**soak_env, "COLUMNS": "160"}, "bench", "soak", "--clients", "8",
                "--seconds", "60", "--minute", "20")  # fmt: skip
    report = soak.stdout
    # The report last: a failure's output is read from its end, after the server's log.
    assert soak.returncode == 0, soak.stderr[-3000:] + report
    killed = re.search(r"Neo4j killed at ([\d.]+) s; the API answered again at ([\d.]+) s", report)
    assert killed, report
    requests = int(re.search(r"Requests (\d+)", report).group(1))  # type: ignore[union-attr]
    stored = int(re.search(r"acknowledged as stored: (\d+)", report).group(1))  # type: ignore[union-attr]
    assert requests > 100 and stored > 5, report
    assert "outside the outage" not in report
