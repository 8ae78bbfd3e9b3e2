"""Neo4j killed under a running API and CLI: every request is told at once that the database
is down (HTTP 503, UNAVAILABLE), /health says what is down, the CLI prints one line (an ingest:
what it stored and how to resume), and both recover when the database is back; a restarted
server answers its first recall warm. The tests run a Neo4j of their own to kill."""

import os
import signal
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from neo4j import GraphDatabase
from pydantic import SecretStr

from hippograph.api.auth import create_key
from hippograph.graph.connection import Neo4jConfig, unreachable
from hippograph.graph.gds.client import open_gds
from hippograph.graph.launcher import LocalNeo4j, LocalServerConfig
from hippograph.ingest.sample import SAMPLE_CONVERSATIONS, SAMPLE_SCOPE
from tests.api.sessions import ORCHARD
from tests.api_server import start_api
from tests.cli.commands import cli_with
from tests.cli.test_interrupted_ingest import SESSIONS, _counts, _sessions, _write_sessions
from tests.conftest import free_port

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

HIPPOGRAPH = str(Path(sys.executable).parent / "hippograph")
PASSWORD = "outage-" + uuid.uuid4().hex[:8]
RECALL = """query($scope: String!) {
  recall(scope: $scope, query: "Where did Ana pick the apples?", k: 3) {
    __typename ... on Recall { hits { edu { text } } } } }"""
FREE_RECALL = """query($scope: String!, $query: String!) {
  recall(scope: $scope, query: $query, k: 10) {
    __typename ... on Recall { hits { edu { text } } } } }"""
RESTART_QUESTIONS = (
    "When did Hana open the bakery?",
    "What did they eat?",
    "Is there a dog?",
    "Who moved to Porto last year?",
)
INGEST = """mutation($scope: String!, $session: SessionInput!) {
  ingestSession(scope: $scope, session: $session) { __typename } }"""
SESSION = ORCHARD[0]


def _post(url: str, key: str, document: str, **variables: object) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    answer = httpx.post(
        f"{url}/graphql",
        json={"query": document, "variables": variables},
        headers={"Authorization": f"Bearer {key}"},
        timeout=30,
    )
    return answer, time.monotonic() - started


@pytest.fixture(scope="module")
def module_neo4j(
    server_config: LocalServerConfig, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LocalNeo4j]:
    """A Neo4j of this module's own, to kill and restart."""
    own = server_config.model_copy(
        update={"instance_dir": tmp_path_factory.mktemp("own-neo4j"), "bolt_port": free_port(),
                "http_port": free_port()}
    )  # fmt: skip
    neo4j = LocalNeo4j(own)
    neo4j.start(PASSWORD)
    yield neo4j
    neo4j.stop()


@pytest.fixture
def own_neo4j(module_neo4j: LocalNeo4j) -> LocalNeo4j:
    """The module's Neo4j, running: a test that failed while it was killed leaves the next one
    a live database."""
    if module_neo4j.pid() is None:
        module_neo4j.start(PASSWORD)
    return module_neo4j


def _env(neo4j: LocalNeo4j, keys_file: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HIPPOGRAPH_NEO4J_URI": neo4j.config.bolt_uri,
        "HIPPOGRAPH_NEO4J_PASSWORD": PASSWORD,
        "HIPPOGRAPH_API_KEYS_FILE": str(keys_file),
    }


def _kill(neo4j: LocalNeo4j) -> None:
    pid = neo4j.pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    while neo4j.pid() is not None:
        time.sleep(0.1)


def test_a_killed_database_is_reported_at_once_and_recovered_from(
    own_neo4j: LocalNeo4j, tmp_path: Path
) -> None:
    neo4j = own_neo4j
    keys_file = tmp_path / "keys.json"
    key = create_key(keys_file, "harbour", [], ["harbour"])
    env = _env(neo4j, keys_file)
    api, url = start_api(env, tmp_path)
    try:
        stored, _ = _post(url, key, INGEST, scope="harbour", session=SESSION)
        assert stored.json()["data"]["ingestSession"]["__typename"] == "SessionOutcome"
        before, _ = _post(url, key, RECALL, scope="harbour")
        assert before.status_code == 200 and before.json()["data"]["recall"]["hits"]

        _kill(neo4j)

        for document, variables in ((RECALL, {}), (INGEST, {"session": SESSION})):
            answer, seconds = _post(url, key, document, scope="harbour", **variables)
            assert answer.status_code == 503, answer.text
            assert seconds < 2.0
            error = answer.json()["errors"][0]
            assert error["extensions"]["code"] == "UNAVAILABLE"
            assert "database is unreachable" in error["message"]
        # The server's log says so in one line per request, not with a trace each.
        log = (tmp_path / "serve.log").read_text(encoding="utf-8")
        assert log.count("the database is unreachable (") == 2 and "Traceback" not in log, log
        started = time.monotonic()
        health = httpx.get(f"{url}/health", timeout=5)
        assert time.monotonic() - started < 1.0
        assert health.status_code == 503 and health.json()["neo4j"] == "unreachable"

        sessions = tmp_path / "more.jsonl"
        sessions.write_text(
            '{"conversation": "harbour", "session": "s2", "turns": '
            '[{"speaker": "Ines", "text": "The sails are new."}]}\n',
            encoding="utf-8",
        )
        cli = cli_with(env, "ingest", str(sessions), "--format", "jsonl", "--scope", "harbour")
        assert cli.returncode == 1
        assert "Neo4j cannot be reached" in cli.stderr and "Traceback" not in cli.stderr
        assert len(cli.stderr.strip().splitlines()) == 1, cli.stderr
        debug = cli_with(env, "--debug", "ingest", str(sessions), "--format", "jsonl")
        assert debug.returncode != 0 and "Traceback" in debug.stderr

        neo4j.start(PASSWORD)
        deadline = time.monotonic() + 60
        while True:  # the API reconnects by itself
            answer, _ = _post(url, key, RECALL, scope="harbour")
            if answer.status_code == 200:
                break
            assert time.monotonic() < deadline, answer.text
            time.sleep(0.5)
        assert answer.json()["data"]["recall"]["hits"] == before.json()["data"]["recall"]["hits"]
        assert httpx.get(f"{url}/health", timeout=5).status_code == 200
    finally:
        api.terminate()
        api.wait(timeout=30)


def test_the_graphdatascience_client_of_a_scene_build_hears_at_once_that_the_database_died(
    own_neo4j: LocalNeo4j,
) -> None:
    """The client on its own waits ten minutes for a database that went away."""
    config = Neo4jConfig(uri=own_neo4j.config.bolt_uri, password=SecretStr(PASSWORD))
    with open_gds(config) as gds:
        assert gds.graph.list() is not None
        _kill(own_neo4j)
        started = time.monotonic()
        with pytest.raises(Exception) as raised:
            gds.graph.list()
    assert time.monotonic() - started < 5.0
    assert unreachable(raised.value)


def test_a_restarted_server_answers_new_questions_as_fast_as_warm_ones(
    own_neo4j: LocalNeo4j, tmp_path: Path
) -> None:
    keys_file = tmp_path / "keys.json"
    key = create_key(keys_file, "sample", [SAMPLE_SCOPE], [])
    env = _env(own_neo4j, keys_file)
    stored = cli_with(env, "ingest", str(SAMPLE_CONVERSATIONS), "--format", "jsonl",
                  "--scope", SAMPLE_SCOPE)  # fmt: skip
    assert stored.returncode == 0, stored.stderr
    own_neo4j.stop()  # a restart: no projections, no query plans, a cold JVM
    own_neo4j.start(PASSWORD)
    api, url = start_api(env, tmp_path)  # ready only once warm
    try:
        first: dict[str, float] = {}
        again: list[float] = []
        # Shapes the warm-up asked nothing like: no entity, no date, a place and a year.
        for question in RESTART_QUESTIONS:
            for ask in range(3):
                answer, took = _post(url, key, FREE_RECALL, scope=SAMPLE_SCOPE, query=question)
                assert answer.status_code == 200 and answer.json()["data"]["recall"]["hits"]
                if ask:
                    again.append(took)
                else:
                    first[question] = took
        # Cold, the first recall took 12.5 s; with plans keyed by list sizes each new question
        # shape paid 0.2-0.5 s against 0.09 s warm. Issue 16 asks for 3x a warm one.
        warm = statistics.median(again)
        assert max(first.values()) <= 3 * warm, (first, warm)
    finally:
        api.terminate()
        api.wait(timeout=30)


def test_an_ingest_whose_database_dies_says_what_was_stored_and_resumes(
    own_neo4j: LocalNeo4j, tmp_path: Path
) -> None:
    source = tmp_path / "balcony.jsonl"
    _write_sessions(source)
    env = _env(own_neo4j, tmp_path / "keys.json")
    ingest = ["ingest", str(source), "--format", "jsonl", "--scope"]
    auth = ("neo4j", PASSWORD)
    with GraphDatabase.driver(own_neo4j.config.bolt_uri, auth=auth) as driver:
        run = subprocess.Popen([HIPPOGRAPH, *ingest, "balcony"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
        deadline = time.monotonic() + 180
        while len(_sessions(driver, "balcony")) < 3 and time.monotonic() < deadline:
            assert run.poll() is None, run.stderr.read() if run.stderr else ""
            time.sleep(0.05)
        _kill(own_neo4j)
        _, said = run.communicate(timeout=120)
    assert run.returncode == 1
    # Besides the plain progress lines a log gets (no terminal here), one line says what happened.
    told = [line for line in said.strip().splitlines() if not line.startswith("sessions: ")]
    assert len(told) == 1 and "Traceback" not in said, said
    assert "Neo4j became unreachable after" in said and "run the same command again" in said

    own_neo4j.start(PASSWORD)
    resumed = cli_with(env, *ingest, "balcony")
    assert resumed.returncode == 0, resumed.stderr
    clean = cli_with(env, *ingest, "balcony-clean")
    assert clean.returncode == 0, clean.stderr
    with GraphDatabase.driver(own_neo4j.config.bolt_uri, auth=auth) as driver:
        assert len(_sessions(driver, "balcony")) == SESSIONS
        assert _counts(driver, "balcony") == _counts(driver, "balcony-clean")
