"""The README's first command, end to end: `hippograph up` on a fresh data folder starts Neo4j,
stores the sample, serves the API and dashboard, prints URLs that all answer, and Ctrl-C stops
everything it started. A second run reuses what is stored."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from hippograph.evaluation.load_generator import free_port

pytestmark = pytest.mark.neo4j  # starts a server of its own

HIPPOGRAPH = str(Path(sys.executable).parent / "hippograph")


def _environment(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HIPPOGRAPH_DATA_DIR": str(tmp_path / "data"),
        "HIPPOGRAPH_NEO4J_BOLT_PORT": str(free_port()),
        "HIPPOGRAPH_NEO4J_HTTP_PORT": str(free_port()),
        "HIPPOGRAPH_NEO4J_HEAP_MAX": "1g",
        "HIPPOGRAPH_NEO4J_PAGECACHE": "256m",
        "HIPPOGRAPH_API_PORT": str(free_port()),
        "COLUMNS": "40",  # a narrow log: every URL must still print whole
    }


def _read_until(process: subprocess.Popen[str], marker: str, seconds: float) -> str:
    assert process.stdout is not None
    seen = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if marker in line:
            return "".join(seen)
    pytest.fail(f"no {marker!r} from hippograph up:\n" + "".join(seen))


def test_the_main_job_serves_every_url_it_prints_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    env = _environment(tmp_path)
    process = subprocess.Popen([HIPPOGRAPH, "up"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)  # fmt: skip
    try:
        printed = _read_until(process, "Ready; Ctrl-C", 600)
        assert "Sample: 11 sessions stored" in printed
        urls = dict(re.findall(r"^(GraphQL|Dashboard|Health|Neo4j Browser)\s+(\S+)", printed, re.M))
        key = re.search(r"^API key\s+(\S+)", printed, re.M).group(1)  # type: ignore[union-attr]
        metrics = re.search(r"Metrics (\S+)", printed).group(1)  # type: ignore[union-attr]
        assert set(urls) == {"GraphQL", "Dashboard", "Health", "Neo4j Browser"}
        assert httpx.get(urls["Health"]).json()["status"] == "ok"
        assert "hippograph_http_requests_total" in httpx.get(metrics).text
        assert httpx.get(urls["Neo4j Browser"]).status_code == 200
        page = httpx.get(urls["Dashboard"].split("#")[0])
        assert page.status_code == 200 and "hippograph dashboard" in page.text
        assert httpx.get(urls["GraphQL"], headers={"Accept": "text/html"}).status_code == 200
        curl = next(line for line in printed.splitlines() if line.startswith("curl "))
        answered = subprocess.run(curl, shell=True, capture_output=True, text=True, timeout=60)
        assert '"edu":{"text":"Hana and others opened Crumb & Co' in answered.stdout.replace(
            "\\u0026", "&"), answered.stdout  # fmt: skip
        assert key in curl
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=180)
    assert "Neo4j stopped." in rest
    with pytest.raises(httpx.TransportError):
        httpx.get(urls["Neo4j Browser"], timeout=5)

    again = subprocess.run([HIPPOGRAPH, "up", "--no-serve"], env=env, capture_output=True,
                           text=True, timeout=600)  # fmt: skip
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Sample: 0 sessions stored, 11 unchanged." in again.stdout
    assert "Scenes: up to date." in again.stdout
    # The default model changed (as between releases): up re-embeds the sample, stores nothing.
    switched = {**env, "HIPPOGRAPH_EMBEDDING_MODEL": "all-MiniLM-L6-v2"}
    moved = subprocess.run([HIPPOGRAPH, "up", "--no-serve"], env=switched, capture_output=True,
                           text=True, timeout=600)  # fmt: skip
    assert moved.returncode == 0, moved.stdout + moved.stderr
    said = " ".join(moved.stdout.split())
    assert "Re-embedding sample with all-MiniLM-L6-v2" in said
    assert "Sample: 0 sessions stored, 11 unchanged." in said
    subprocess.run([HIPPOGRAPH, "neo4j", "stop"], env=env, capture_output=True, timeout=180)
