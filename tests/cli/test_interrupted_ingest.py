"""A killed `hippograph ingest` run again finishes the job: no duplicates, no half-sessions."""

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from neo4j import Driver

from hippograph.graph.connection import Neo4jConfig

HIPPOGRAPH = str(Path(sys.executable).parent / "hippograph")
SESSIONS = 40
LINES = [
    ("Nadia", "I repotted the fig tree on the balcony yesterday."),
    ("Omar", "How big is it now?"),
    ("Nadia", "About two metres! My neighbour Pavel helped me carry it."),
    ("Omar", "We should ask Pavel to the allotment meeting next week."),
    ("Nadia", "Good idea, I'll text him tonight."),
]


def _write_sessions(path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for n in range(SESSIONS):
            day = date(2024, 1, 1) + timedelta(days=7 * n)
            turns = [{"speaker": s, "text": f"{t} (week {n})"} for s, t in LINES]
            out.write(
                json.dumps(
                    {
                        "conversation": "balcony",
                        "session": f"w{n:02d}",
                        "started_at": f"{day}T19:00:00",
                        "turns": turns,
                    }
                )
                + "\n"
            )


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _sessions(driver: Driver, scope: str) -> list[dict[str, int]]:
    records, _, _ = driver.execute_query(
        "MATCH (s:Session {scope: $scope}) "
        "RETURN s.id AS id, COUNT { (s)-[:HAS_TURN]->() } AS turns, "
        "COUNT { (s)-[:HAS_EDU]->() } AS edus",
        scope=scope,
    )
    return [r.data() for r in records]


def _counts(driver: Driver, scope: str) -> tuple[int, int]:
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE n.scope = $scope OPTIONAL MATCH (n)-[r]->() "
        "RETURN count(DISTINCT n) AS nodes, count(r) AS rels",
        scope=scope,
    )
    return records[0]["nodes"], records[0]["rels"]


def test_a_killed_ingest_resumes_to_the_same_graph_as_a_clean_run(
    tmp_path: Path, driver: Driver, neo4j_config: Neo4jConfig, scope: str
) -> None:
    source = tmp_path / "balcony.jsonl"
    _write_sessions(source)
    env = {
        **os.environ,
        "HIPPOGRAPH_NEO4J_URI": neo4j_config.uri,
        "HIPPOGRAPH_NEO4J_PASSWORD": neo4j_config.password.get_secret_value(),
    }
    command = [HIPPOGRAPH, "ingest", str(source), "--format", "jsonl", "--scope", scope]

    run = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while len(_sessions(driver, scope)) < 3 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = _children(run.pid)
    assert workers, "the run should have started its extraction workers"
    run.send_signal(signal.SIGKILL)
    run.wait()
    # Extraction workers notice their parent is gone and exit (no orphans holding memory).
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)]
    stored = _sessions(driver, scope)
    assert 0 < len(stored) < SESSIONS, "the kill should land in the middle of the run"
    assert all(s["turns"] == len(LINES) and s["edus"] > 0 for s in stored)  # no half-sessions

    resumed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(stored)} unchanged sessions skipped" in " ".join(resumed.stdout.split())
    clean = subprocess.run(
        [*command[:-1], scope + "-clean"], env=env, capture_output=True, text=True, timeout=300
    )
    assert clean.returncode == 0, clean.stderr
    assert len(_sessions(driver, scope)) == SESSIONS
    assert _counts(driver, scope) == _counts(driver, scope + "-clean")
