"""A server killed during a batch: the next server to start marks the job failed, with the
reason and the sessions it did not store, and keeps the ones it stored."""

import os
import signal
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from hippograph.api.auth import create_key
from hippograph.graph.connection import Neo4jConfig
from tests.api_server import JOB, start_api

BATCH = """mutation($scope: String!, $sessions: [SessionInput!]!) {
  ingestSessions(scope: $scope, sessions: $sessions) { ... on Job { id } } }"""


def _sessions(count: int) -> list[dict[str, Any]]:
    return [
        {
            "id": f"w{n:02d}",
            "conversation": "allotment",
            "startedAt": f"2024-{1 + n // 28:02d}-{1 + n % 28:02d}T19:00:00",
            "turns": [
                {"speaker": "Nadia", "text": f"I watered the beans on plot {n} this morning."},
                {"speaker": "Omar", "text": f"Plot {n} needs more compost next week."},
                {"speaker": "Nadia", "text": f"Pavel lent me his wheelbarrow for plot {n}."},
            ],
        }
        for n in range(count)
    ]


def _job(url: str, key: str, job_id: str) -> dict[str, Any]:
    answer = httpx.post(f"{url}/graphql", json={"query": JOB, "variables": {"id": job_id}},
                        headers={"Authorization": f"Bearer {key}"}, timeout=30)  # fmt: skip
    job: dict[str, Any] = answer.json()["data"]["job"]
    return job


def test_a_job_its_server_died_running_is_failed_at_the_next_start(
    neo4j_config: Neo4jConfig, tmp_path: Path
) -> None:
    scope = f"test-killed-job-{uuid.uuid4().hex[:8]}"
    keys_file = tmp_path / "keys.json"
    key = create_key(keys_file, "allotment", [], [scope])
    env = {
        **os.environ,
        "HIPPOGRAPH_NEO4J_URI": neo4j_config.uri,
        "HIPPOGRAPH_NEO4J_PASSWORD": neo4j_config.password.get_secret_value(),
        "HIPPOGRAPH_API_KEYS_FILE": str(keys_file),
    }
    first, url = start_api(env, tmp_path)
    try:
        started = httpx.post(
            f"{url}/graphql",
            json={"query": BATCH, "variables": {"scope": scope, "sessions": _sessions(120)}},
            headers={"Authorization": f"Bearer {key}"},
            timeout=30,
        ).json()["data"]["ingestSessions"]
        deadline = time.monotonic() + 120
        while (job := _job(url, key, started["id"]))["done"] < 2:
            assert job["state"] in ("PENDING", "RUNNING") and time.monotonic() < deadline, job
            time.sleep(0.2)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    second, url = start_api(env, tmp_path)
    try:
        job = _job(url, key, started["id"])
        assert job["state"] == "FAILED", job
        assert "stopped before it finished" in job["error"]
        statuses = [o["status"] for o in job["outcomes"]]
        assert "PENDING" not in statuses and statuses.count("STORED") >= 2
        assert {o["errorCode"] for o in job["outcomes"] if o["status"] == "FAILED"} == {
            "INTERRUPTED"
        }
    finally:
        second.terminate()
        second.wait(timeout=30)
