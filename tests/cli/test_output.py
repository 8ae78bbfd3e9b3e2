"""What the CLI prints is made for logs as much as for terminals: without a terminal and at any
width, every URL, key and path stays whole on one line, and long work prints plain progress
lines on stderr."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hippograph.api.app import GRAPHQL_PATH
from hippograph.api.settings import Settings
from hippograph.cli.up import local_key_path

HIPPOGRAPH = str(Path(sys.executable).with_name("hippograph"))
KEY = "hg_" + "k7" * 32
BROWSER = "http://127.0.0.1:7474/browser/?dbms=neo4j://neo4j@127.0.0.1:7687"
PRINT_URLS = (
    "from hippograph.cli.up import _print_urls; from hippograph.api.settings import Settings;"
    f"_print_urls(Settings(), {BROWSER!r}, {KEY!r})"
)


def _narrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A deep data folder (long paths), 40 columns, and no terminal (the output is a pipe)."""
    folder = tmp_path / ("a-rather-long-folder-name-" * 3) / "data"
    monkeypatch.setenv("HIPPOGRAPH_DATA_DIR", str(folder))
    monkeypatch.setenv("HIPPOGRAPH_CACHE_DIR", str(folder / "cache"))
    monkeypatch.setenv("COLUMNS", "40")
    return dict(os.environ)


def test_up_prints_every_url_key_and_path_whole_without_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = _narrow(tmp_path, monkeypatch)
    printed = subprocess.run(
        [sys.executable, "-c", PRINT_URLS], env=env, capture_output=True, text=True, check=True
    ).stdout
    settings = Settings()
    base = f"http://{settings.api_host}:{settings.api_port}"
    whole = [
        f"{base}{GRAPHQL_PATH}",
        f"{base}/dashboard/#key={KEY}",
        f"{base}/health",
        f"{base}/metrics",
        BROWSER,
        str(settings.cache_dir / "neo4j-password"),
        str(local_key_path(settings)),
        f"curl -s {base}{GRAPHQL_PATH} -H 'Authorization: Bearer {KEY}'",
    ]
    lines = printed.splitlines()
    for expected in whole:
        assert any(expected in line for line in lines), (expected, printed)


def test_long_work_without_a_terminal_reports_progress_as_plain_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repo_root: Path
) -> None:
    env = _narrow(tmp_path, monkeypatch)
    sample = repo_root / "ingest" / "sample" / "conversations.jsonl"
    done = subprocess.run(
        [HIPPOGRAPH, "extract", str(sample), "--format", "jsonl"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    progress = [line for line in done.stderr.splitlines() if line.startswith("turns: ")]
    assert progress and "(100%)" in progress[-1], done.stderr
    assert "━" not in done.stderr  # no bar drawn into a log
