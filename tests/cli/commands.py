"""The `hippograph` command run as a user runs it: its own process, against the tests' Neo4j."""

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

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
