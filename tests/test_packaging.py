"""hippograph as a user installs it: a wheel in a fresh venv, run from a folder outside the
repository, carries everything it reads at run time (poms, sample, statements, schema, dashboard)
and installs only the `hippograph` namespace."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hippograph.evaluation.load_generator import free_port

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]  # starts a server of its own

ROOT = Path(__file__).resolve().parents[1]


def _run(command: list[str], cwd: Path, env: dict[str, str], seconds: float = 900) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=seconds)  # fmt: skip
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """A venv holding the wheel (core dependencies only), and an environment that knows nothing
    of the repository; the embedding model comes from the shared cache (Maven Central)."""
    work = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    _run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(work)],
         ROOT, env)  # fmt: skip
    (wheel,) = work.glob("hippograph-*.whl")
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], work, env)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    constraints = ["-c", str(ROOT / "constraints.txt")]
    _run([*pip, *constraints, str(wheel)], work, env)
    empty = work / "elsewhere"
    empty.mkdir()
    env.update(
        PATH=f"{venv / 'bin'}{os.pathsep}{env['PATH']}",
        HIPPOGRAPH_DATA_DIR=str(work / "data"),
        HIPPOGRAPH_NEO4J_BOLT_PORT=str(free_port()),
        HIPPOGRAPH_NEO4J_HTTP_PORT=str(free_port()),
        HIPPOGRAPH_NEO4J_HEAP_MAX="1g",
        HIPPOGRAPH_NEO4J_PAGECACHE="256m",
        COLUMNS="200",
    )
    yield empty, env
    subprocess.run(["hippograph", "neo4j", "stop"], cwd=empty, env=env, capture_output=True,
                   timeout=180)  # fmt: skip


def test_the_wheel_installs_only_the_hippograph_namespace(
    installed: tuple[Path, dict[str, str]],
) -> None:
    folder, env = installed
    for bare in ("graph", "ingest", "api", "queries", "evaluation"):
        tried = subprocess.run(["python", "-c", f"import {bare}"], cwd=folder, env=env,
                               capture_output=True, text=True)  # fmt: skip
        assert tried.returncode != 0 and "ModuleNotFoundError" in tried.stderr, bare
    found = _run(["python", "-c", (
        "from importlib.resources import files; import hippograph.api.app as app; "
        "from hippograph.graph.recall.ranker import load_ranker; "
        "print((app.DASHBOARD_DIST / 'index.html').is_file(), "
        "(files('hippograph.api.graphql') / 'schema.graphql').is_file(), "
        "load_ranker().num_trees() > 0)"
    )], folder, env)  # fmt: skip
    assert found.split() == ["True", "True", "True"]


def test_the_measuring_commands_say_which_extra_they_need(
    installed: tuple[Path, dict[str, str]],
) -> None:
    folder, env = installed
    asked = subprocess.run(["hippograph", "eval", "locomo", "x.json"], cwd=folder, env=env,
                           capture_output=True, text=True)  # fmt: skip
    assert asked.returncode == 1
    assert "pip install 'hippograph[eval]'" in asked.stderr


def test_the_main_job_runs_from_the_wheel_outside_the_repository(
    installed: tuple[Path, dict[str, str]],
) -> None:
    folder, env = installed
    # The jars come from the cache the suite already filled: nothing is downloaded again.
    assert "already installed" in _run(["hippograph", "neo4j", "install"], folder, env)
    printed = _run(["hippograph", "up", "--no-serve"], folder, env)
    assert "Sample: 11 sessions stored, 0 unchanged." in printed
    assert "Scenes: " in printed and " built." in printed
    counted = _run(["hippograph", "stats", "--scope", "sample"], folder, env)
    assert "Scene" in counted and "EDU" in counted
    assert list(folder.iterdir()) == []  # nothing written into the working folder
