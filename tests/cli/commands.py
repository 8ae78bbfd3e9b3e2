"""The `hippograph` command run as a user runs it: its own process, against the tests' Neo4j."""

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from hippograph.evaluation.load_generator import free_port
from hippograph.graph.connection import Neo4jConfig

HIPPOGRAPH = str(Path(sys.executable).parent / "hippograph")


def cli_with(
    env: Mapping[str, str], *args: str, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``hippograph *args`` with exactly ``env`` (and ``input`` on its standard input); its
    output as text."""
    return subprocess.run(
        [HIPPOGRAPH, *args], env=env, input=input, capture_output=True, text=True, timeout=300,
        check=False,
    )  # fmt: skip


def cli(
    config: Neo4jConfig, *args: str, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``hippograph *args`` against ``config``'s server, at a width that keeps tables whole."""
    return cli_with(
        {
            **os.environ,
            "HIPPOGRAPH_NEO4J_URI": config.uri,
            "HIPPOGRAPH_NEO4J_PASSWORD": config.password.get_secret_value(),
            "COLUMNS": "200",
        },
        *args,
        input=input,
    )


@contextmanager
def own_neo4j(cache_dir: Path, data: Path, name: str, **extra: str) -> Iterator[dict[str, str]]:
    """Settings for a Neo4j of a test's own (one it may kill), in ``data`` on free ports,
    started and stopped through the CLI; ``extra`` settings added."""
    env = {
        **os.environ,
        "HIPPOGRAPH_CACHE_DIR": str(cache_dir),
        "HIPPOGRAPH_DATA_DIR": str(data),
        "HIPPOGRAPH_NEO4J_BOLT_PORT": str(free_port()),
        "HIPPOGRAPH_NEO4J_HTTP_PORT": str(free_port()),
        "HIPPOGRAPH_NEO4J_PASSWORD": f"{name}-{uuid.uuid4().hex[:8]}",
        "HIPPOGRAPH_NEO4J_HEAP_MAX": "1g",
        "HIPPOGRAPH_NEO4J_PAGECACHE": "256m",
        **extra,
    }
    env.pop("HIPPOGRAPH_NEO4J_URI", None)
    started = cli_with(env, "neo4j", "start")
    assert started.returncode == 0, started.stderr
    try:
        yield env
    finally:
        cli_with(env, "neo4j", "stop")
