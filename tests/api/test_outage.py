"""Neo4j killed under a running API and CLI: every request is told at once that the database
is down (HTTP 503, UNAVAILABLE), /health says what is down, the CLI prints one line, and the API
recovers by itself when the database is back. The test runs a Neo4j of its own to kill."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from hippograph.api.auth import create_key
from hippograph.graph.server import LocalNeo4j, LocalServerConfig
from tests.api.conftest import start_api
from tests.conftest import free_port

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

HIPPOGRAPH = str(Path(sys.executable).parent / "hippograph")
PASSWORD = "outage-" + uuid.uuid4().hex[:8]
RECALL = """query($scope: String!) { recall(scope: $scope, query: "Who fixed the boat?", k: 3) {
  __typename ... on Recall { hits { edu { text } } } } }"""
INGEST = """mutation($scope: String!, $session: SessionInput!) {
  ingestSession(scope: $scope, session: $session) { __typename } }"""
SESSION = {
    "id": "s1",
    "conversation": "harbour",
    "startedAt": "2024-06-01T10:00:00",
    "turns": [
        {"speaker": "Ines", "text": "Bruno fixed the boat's engine yesterday."},
        {"speaker": "Kai", "text": "Great, we can sail on Sunday."},
    ],
}


def _post(url: str, key: str, document: str, **variables: object) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    answer = httpx.post(
        f"{url}/graphql",
        json={"query": document, "variables": variables},
        headers={"Authorization": f"Bearer {key}"},
        timeout=30,
    )
    return answer, time.monotonic() - started


def test_a_killed_database_is_reported_at_once_and_recovered_from(
    server_config: LocalServerConfig, tmp_path: Path
) -> None:
    own = server_config.model_copy(
        update={"instance_dir": tmp_path / "neo4j", "bolt_port": free_port(),
                "http_port": free_port()}
    )  # fmt: skip
    neo4j = LocalNeo4j(own)
    neo4j.start(PASSWORD)
    try:
        _outage(neo4j, own.bolt_uri, tmp_path)
    finally:
        neo4j.stop()


def _outage(neo4j: LocalNeo4j, bolt_uri: str, tmp_path: Path) -> None:
    keys_file = tmp_path / "keys.json"
    key = create_key(keys_file, "harbour", [], ["harbour"])
    env = {
        **os.environ,
        "HIPPOGRAPH_NEO4J_URI": bolt_uri,
        "HIPPOGRAPH_NEO4J_PASSWORD": PASSWORD,
        "HIPPOGRAPH_API_KEYS_FILE": str(keys_file),
    }
    api, url = start_api(env, tmp_path)
    try:
        stored, _ = _post(url, key, INGEST, scope="harbour", session=SESSION)
        assert stored.json()["data"]["ingestSession"]["__typename"] == "SessionOutcome"
        before, _ = _post(url, key, RECALL, scope="harbour")
        assert before.status_code == 200 and before.json()["data"]["recall"]["hits"]

        pid = neo4j.pid()
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        while neo4j.pid() is not None:
            time.sleep(0.1)

        for document, variables in ((RECALL, {}), (INGEST, {"session": SESSION})):
            answer, seconds = _post(url, key, document, scope="harbour", **variables)
            assert answer.status_code == 503, answer.text
            assert seconds < 2.0
            error = answer.json()["errors"][0]
            assert error["extensions"]["code"] == "UNAVAILABLE"
            assert "database is unreachable" in error["message"]
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
        cli = subprocess.run(
            [HIPPOGRAPH, "ingest", str(sessions), "--format", "jsonl", "--scope", "harbour"],
            env=env, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert cli.returncode == 1
        assert "Neo4j cannot be reached" in cli.stderr and "Traceback" not in cli.stderr
        assert len(cli.stderr.strip().splitlines()) == 1, cli.stderr
        debug = subprocess.run(
            [HIPPOGRAPH, "--debug", "ingest", str(sessions), "--format", "jsonl"],
            env=env, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
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
