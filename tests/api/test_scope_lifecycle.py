"""A scope moved out and back, and deleted: `hippograph export` writes what `hippograph ingest`
reads back into identical memory, and deleteScope leaves nothing of a scope behind."""

import json
import os
import subprocess
from pathlib import Path

from neo4j import Driver

from hippograph.client import HippographClient, RecallMode
from hippograph.graph.gds.projection import projection_prefix
from hippograph.ingest.sample import SAMPLE_CONVERSATIONS
from tests.api_server import HIPPOGRAPH, Api

COUNT_SCOPE = """
MATCH (n) WHERE n.scope = $scope AND ($jobs OR NOT n:Job)
RETURN labels(n)[0] AS label, count(*) AS n ORDER BY label"""
COUNT_RELATIONSHIPS = """
MATCH (n)-[r]->() WHERE n.scope = $scope
RETURN type(r) AS type, count(*) AS n ORDER BY type"""


def _cli(api: Api, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **api.env, "COLUMNS": "200"}
    return subprocess.run([HIPPOGRAPH, *args], env=env, capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip


def _counts(driver: Driver, scope: str, jobs: bool = True) -> tuple[dict[str, int], dict[str, int]]:
    nodes = driver.execute_query(COUNT_SCOPE, scope=scope, jobs=jobs).records
    relationships = driver.execute_query(COUNT_RELATIONSHIPS, scope=scope).records
    return {r["label"]: r["n"] for r in nodes}, {r["type"]: r["n"] for r in relationships}


def test_an_exported_scope_imports_into_identical_memory(
    api: Api, driver: Driver, tmp_path: Path
) -> None:
    source, key = api.own_scope("export")
    target = f"{source}-copy"
    sessions = [json.loads(line) for line in SAMPLE_CONVERSATIONS.read_text().splitlines()]
    assert (
        _cli(
            api, "ingest", str(SAMPLE_CONVERSATIONS), "--format", "jsonl", "--scope", source
        ).returncode
        == 0
    )

    exported = tmp_path / "export.jsonl"
    done = _cli(api, "export", "--scope", source, "--out", str(exported))
    assert done.returncode == 0, done.stderr
    assert f"Exported {len(sessions)} sessions" in " ".join(done.stdout.split())
    lines = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert sorted((s["conversation"], s["session"]) for s in lines) == sorted(
        (s["conversation"], s["session"]) for s in sessions
    )
    assert sum(len(s["turns"]) for s in lines) == sum(len(s["turns"]) for s in sessions)
    # The dashboard's way: an exportScope job, whose result is the same file.
    with HippographClient(api.url, key) as client:
        assert client.export_scope(source) == exported.read_text(encoding="utf-8")

    assert (
        _cli(api, "ingest", str(exported), "--format", "jsonl", "--scope", target).returncode == 0
    )
    # The same memory; the source also holds the export's job.
    assert _counts(driver, target, jobs=False) == _counts(driver, source, jobs=False)
    again = tmp_path / "again.jsonl"
    assert _cli(api, "export", "--scope", target, "--out", str(again)).returncode == 0
    assert again.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")

    # Imported without --scope, a conversation goes into a scope of its own name, and says so.
    unnamed = tmp_path / "unnamed.jsonl"
    conversation = f"{source}-conversation"
    unnamed.write_text(json.dumps({**lines[0], "conversation": conversation}) + "\n")
    done = _cli(api, "ingest", str(unnamed), "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    assert f"into scope {conversation} (1)" in done.stdout
    assert f"named after it ({conversation}); pass --scope S" in done.stdout
    assert _cli(api, "delete", "--scope", conversation).returncode == 0

    missing = _cli(api, "export", "--scope", f"{source}-nothing", "--out", str(tmp_path / "x"))
    assert missing.returncode == 1 and "holds no sessions" in missing.stderr
    assert not (tmp_path / "x").exists()
    for scope in (source, target):
        assert _cli(api, "delete", "--scope", scope).returncode == 0


def test_delete_scope_leaves_no_node_projection_scene_persona_or_job(
    api: Api, driver: Driver
) -> None:
    scope, key = api.own_scope("deleted")
    sessions = [json.loads(line) for line in SAMPLE_CONVERSATIONS.read_text().splitlines()]
    batch = [
        {"id": s["session"], "conversation": s["conversation"], "startedAt": s["started_at"],
         "turns": s["turns"]}
        for s in sessions
    ]  # fmt: skip
    with HippographClient(api.url, key) as client:
        assert client.ingest(scope, batch).state == "DONE"
        assert client.build_scenes(scope).personas > 0
        assert client.recall(scope, "What is the bakery called?", mode=RecallMode.ASSOCIATIVE)
        nodes, _ = _counts(driver, scope)
        assert {"Session", "Turn", "EDU", "Entity", "Scene", "Persona", "Job"} <= set(nodes)
        client.delete_scope(scope)
        assert client.sessions(scope).items == []
    assert _counts(driver, scope) == ({}, {})
    graphs = driver.execute_query(
        "CALL gds.graph.list() YIELD graphName WHERE graphName STARTS WITH $prefix "
        "RETURN graphName",
        prefix=projection_prefix(scope),
    )
    assert graphs.records == []
