"""The real API server for the API tests: `hippograph serve` on a free port, in its own
process, against the session's private Neo4j, with keys made for these tests.

Keys: ``orchard`` writes the orchard scope; ``harbour`` writes the harbour scope; ``reader``
may only read the harbour scope; ``analyst`` writes the scope of the sample conversations.
"""

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from hippograph.api.auth import create_key
from hippograph.client import SessionIn, TurnIn
from hippograph.graph.connection import Neo4jConfig
from hippograph.graph.model import Conversation
from tests.api.sessions import HARBOUR, ORCHARD
from tests.conftest import free_port

HIPPOGRAPH = str(Path(sys.executable).parent / "hippograph")
BODY_LIMIT = 300_000


@dataclass
class Api:
    url: str
    keys: dict[str, str]
    scopes: dict[str, str]
    process: subprocess.Popen[bytes]
    keys_file: Path
    env: dict[str, str]  # what a CLI needs to reach the server's Neo4j

    def own_scope(self, name: str) -> tuple[str, str]:
        """A fresh scope and a key that writes it (the server reads new keys as they come)."""
        scope = f"test-api-{name}-{uuid.uuid4().hex[:8]}"
        return scope, create_key(self.keys_file, scope, [], [scope])

    def post(self, body: Any, key: str | None = "orchard", **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.keys[key]}"} if key else {}
        return httpx.post(f"{self.url}/graphql", json=body, headers=headers, timeout=120,
                          **kwargs)  # fmt: skip

    def gql(self, document: str, key: str = "orchard", /, **variables: Any) -> dict[str, Any]:
        """The operation's data; fails the test on transport or GraphQL errors."""
        answer = self.post({"query": document, "variables": variables}, key)
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    def alive(self) -> bool:
        return self.process.poll() is None and httpx.get(f"{self.url}/health").status_code == 200


def start_api(env: dict[str, str], folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`hippograph serve` on a free port with ``env``, once /health answers 200; its log goes
    to ``folder``/serve.log."""
    port = free_port()
    with (folder / "serve.log").open("ab") as log:
        process = subprocess.Popen(
            [HIPPOGRAPH, "serve", "--port", str(port), "--log-level", "warning"],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        assert process.poll() is None, (folder / "serve.log").read_text()
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "the API server did not answer /health in 180 s"
        time.sleep(0.5)


@pytest.fixture(scope="session")
def api(neo4j_config: Neo4jConfig, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    folder = tmp_path_factory.mktemp("api")
    keys_file = folder / "keys.json"
    token = uuid.uuid4().hex[:8]
    scopes = {
        "orchard": f"test-api-orchard-{token}",
        "harbour": f"test-api-harbour-{token}",
        "sample": f"test-api-sample-{token}",
        "inputs": f"test-api-inputs-{token}",
    }
    keys = {
        "orchard": create_key(keys_file, "orchard", [], [scopes["orchard"]]),
        "harbour": create_key(keys_file, "harbour", [], [scopes["harbour"]]),
        "reader": create_key(keys_file, "reader", [scopes["harbour"]], []),
        "analyst": create_key(keys_file, "analyst", [], [scopes["sample"]]),
        "inputs": create_key(keys_file, "inputs", [], [scopes["inputs"]]),
    }
    env = {
        **os.environ,
        "HIPPOGRAPH_NEO4J_URI": neo4j_config.uri,
        "HIPPOGRAPH_NEO4J_PASSWORD": neo4j_config.password.get_secret_value(),
        "HIPPOGRAPH_API_KEYS_FILE": str(keys_file),
        "HIPPOGRAPH_API_MAX_BODY_BYTES": str(BODY_LIMIT),
    }
    process, url = start_api(env, folder)
    neo4j = {k: v for k, v in env.items() if k.startswith("HIPPOGRAPH_NEO4J_")}
    yield Api(url, keys, scopes, process, keys_file, neo4j)
    process.terminate()
    process.wait(timeout=30)


INGEST_ONE = """
mutation($scope: String!, $session: SessionInput!) {
  ingestSession(scope: $scope, session: $session) {
    __typename
    ... on SessionOutcome { sessionId status turns edus }
    ... on Error { message }
  }
}"""

JOB = """
query($id: ID!) {
  job(id: $id) {
    __typename
    ... on Job { id state total done turns edus error
                 outcomes { sessionId status errorCode error turns edus } }
    ... on Error { message }
  }
}"""


def wait_for_job(api: Api, job_id: str, key: str) -> dict[str, Any]:
    """The job once it is DONE or FAILED, or the error that answers for it (a job of a
    deleted scope goes with it)."""
    deadline = time.monotonic() + 180
    while True:
        job: dict[str, Any] = api.gql(JOB, key, id=job_id)["job"]
        if job["__typename"] != "Job" or job["state"] in ("DONE", "FAILED"):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.5)


@pytest.fixture(scope="session")
def orchard(api: Api) -> list[dict[str, Any]]:
    """The orchard sessions, stored one by one with ingestSession; their outcomes."""
    return [
        api.gql(INGEST_ONE, scope=api.scopes["orchard"], session=s)["ingestSession"]
        for s in ORCHARD
    ]


@pytest.fixture(scope="session")
def harbour(api: Api) -> dict[str, Any]:
    """The harbour sessions plus one without turns, sent as one batch: the finished job."""
    started = api.gql(
        """mutation($scope: String!, $sessions: [SessionInput!]!) {
             ingestSessions(scope: $scope, sessions: $sessions) {
               __typename ... on Job { id state total } ... on Error { message } } }""",
        "harbour",
        scope=api.scopes["harbour"],
        sessions=[*HARBOUR, {"id": "empty", "conversation": "harbour", "turns": []}],
    )["ingestSessions"]
    assert started["__typename"] == "Job", started
    return wait_for_job(api, started["id"], "harbour")


def sessions_in(conversation: Conversation) -> list[SessionIn]:
    """A test conversation as the client sends it."""
    return [
        SessionIn(
            id=s.id,
            conversation=conversation.id,
            started_at=s.started_at,
            turns=[TurnIn(speaker=t.speaker, text=t.text) for t in s.turns],
        )
        for s in conversation.sessions
    ]
