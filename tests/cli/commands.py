"""The `hippograph` command run as a user runs it: its own process, against the tests' Neo4j."""

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from hippograph.graph.connection import Neo4jConfig

HIPPOGRAPH = str(Path(sys.executable).parent / "hippograph")


def cli_with(env: Mapping[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``hippograph *args`` with exactly ``env``; its output as text."""
    return subprocess.run(
        [HIPPOGRAPH, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def cli(config: Neo4jConfig, *args: str) -> subprocess.CompletedProcess[str]:
    """``hippograph *args`` against ``config``'s server, at a width that keeps tables whole."""
    return cli_with(
        {
            **os.environ,
            "HIPPOGRAPH_NEO4J_URI": config.uri,
            "HIPPOGRAPH_NEO4J_PASSWORD": config.password.get_secret_value(),
            "COLUMNS": "200",
        },
        *args,
    )
