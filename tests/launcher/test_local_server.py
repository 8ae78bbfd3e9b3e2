"""`hippograph neo4j …` runs a real local server: start, answer, serve Browser, stop cleanly."""

import os
import shutil
import socket
import sys
import urllib.request
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from hippograph.graph.errors import LocalServerError, PortInUseError, ServerDiedError
from hippograph.graph.launcher import LocalNeo4j, LocalServerConfig
from hippograph.graph.launcher.config import GDS_VERSION
from tests.cli.commands import cli_with
from tests.conftest import free_port

pytestmark = pytest.mark.neo4j  # starts a server of its own

HIPPOGRAPH = str(Path(sys.executable).parent / "hippograph")


def _java_processes_of(instance_dir: Path) -> list[int]:
    marker = str(instance_dir).encode()
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if marker in (proc / "cmdline").read_bytes():
                    pids.append(int(proc.name))
            except OSError:
                continue
    return pids


def test_cli_starts_a_server_that_answers_and_stops_it_without_leftovers(
    tmp_path: Path, server_config: LocalServerConfig
) -> None:
    bolt, http = free_port(), free_port()
    env = {
        **os.environ,
        "HIPPOGRAPH_CACHE_DIR": str(server_config.cache_dir),
        "HIPPOGRAPH_DATA_DIR": str(tmp_path),
        "HIPPOGRAPH_NEO4J_BOLT_PORT": str(bolt),
        "HIPPOGRAPH_NEO4J_HTTP_PORT": str(http),
        "HIPPOGRAPH_NEO4J_PASSWORD": "cli-test-password",
        "HIPPOGRAPH_NEO4J_HEAP_MAX": "1g",
        "HIPPOGRAPH_NEO4J_PAGECACHE": "128m",
    }
    started = cli_with(env, "neo4j", "start")
    try:
        assert started.returncode == 0, started.stderr
        assert f"bolt://127.0.0.1:{bolt}" in started.stdout
        assert f"http://127.0.0.1:{http}/browser/" in started.stdout
        assert "running" in cli_with(env, "neo4j", "status").stdout

        with GraphDatabase.driver(
            f"bolt://127.0.0.1:{bolt}", auth=("neo4j", "cli-test-password")
        ) as driver:
            records, _, _ = driver.execute_query("RETURN gds.version() AS v")
        assert records[0]["v"] == GDS_VERSION
        with urllib.request.urlopen(f"http://127.0.0.1:{http}/browser/", timeout=10) as page:
            assert page.status == 200
            assert b"Neo4j Browser" in page.read()
    finally:
        stopped = cli_with(env, "neo4j", "stop")
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    assert _java_processes_of(tmp_path) == []
    assert "stopped" in cli_with(env, "neo4j", "status").stdout
    assert "Started." in cli_with(env, "neo4j", "logs", "-n", "200").stdout


def test_a_second_install_downloads_nothing(server_config: LocalServerConfig) -> None:
    """With Maven taken off PATH, install can only succeed by finding everything in place."""
    env = {
        **os.environ,
        "HIPPOGRAPH_CACHE_DIR": str(server_config.cache_dir),
        "PATH": str(Path(sys.executable).parent),
    }
    assert shutil.which("mvn", path=env["PATH"]) is None
    done = cli_with(env, "neo4j", "install")
    assert done.returncode == 0, done.stderr
    assert "already installed" in done.stdout


def test_a_taken_port_is_refused_before_anything_starts(
    tmp_path: Path, server_config: LocalServerConfig
) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        config = server_config.model_copy(
            update={"instance_dir": tmp_path, "bolt_port": taken, "http_port": free_port()}
        )
        with pytest.raises(PortInUseError, match=str(taken)):
            LocalNeo4j(config).start("some-password")
    assert _java_processes_of(tmp_path) == []


def test_a_server_that_dies_while_starting_reports_its_log(
    tmp_path: Path, server_config: LocalServerConfig
) -> None:
    config = server_config.model_copy(
        update={
            "instance_dir": tmp_path,
            "bolt_port": free_port(),
            "http_port": free_port(),
            "heap_initial": "2g",
            "heap_max": "1g",
        }
    )
    with pytest.raises(ServerDiedError, match="heap"):
        LocalNeo4j(config).start("some-password")
    assert _java_processes_of(tmp_path) == []


def test_starting_without_an_install_says_how_to_install(
    tmp_path: Path, server_config: LocalServerConfig
) -> None:
    config = server_config.model_copy(update={"cache_dir": tmp_path, "instance_dir": tmp_path})
    with pytest.raises(LocalServerError, match="hippograph neo4j install"):
        LocalNeo4j(config).start("some-password")


def test_a_wrong_password_for_an_existing_database_is_explained(
    neo4j_server: LocalNeo4j,
) -> None:
    with pytest.raises(LocalServerError, match="rejected the password"):
        neo4j_server.start("not-the-password")
