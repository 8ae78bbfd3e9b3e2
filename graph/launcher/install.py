"""Assembling the Neo4j server and the GDS plugin from Maven Central with Maven.

The jars are GPLv3 and large, so they are built on the user's machine into a cache folder,
never committed. A manifest records what was built from which pom files: a second install
with the same versions and poms does nothing and downloads nothing.
"""

import hashlib
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hippograph.graph.errors import InstallError
from hippograph.graph.launcher.config import LocalServerConfig

MANIFEST = "install.json"
_NETWORK_HINTS = (
    "Could not transfer",
    "Unknown host",
    "Connection refused",
    "timed out",
    "Could not resolve",
    "Network is unreachable",
    "Non-resolvable",
)


@dataclass(frozen=True)
class InstallResult:
    home: Path
    already_installed: bool
    jar_count: int


def _pom(config: LocalServerConfig, part: str) -> Path:
    pom = config.poms_dir / part / "pom.xml"
    if not pom.is_file():
        raise InstallError(f"{pom} is missing: the hippograph installation is incomplete.")
    return pom


def _fingerprint(config: LocalServerConfig) -> dict[str, str]:
    digest = hashlib.sha256()
    for part in ("server", "gds"):
        digest.update(_pom(config, part).read_bytes())
    return {
        "neo4j": config.neo4j_version,
        "gds": config.gds_version,
        "browser": config.browser_version,
        "poms_sha256": digest.hexdigest(),
    }


def is_installed(config: LocalServerConfig) -> bool:
    manifest = config.home / MANIFEST
    if not manifest.is_file():
        return False
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    return bool(
        recorded.get("fingerprint") == _fingerprint(config)
        and any(config.lib_dir.glob("neo4j-*.jar"))
        and any(config.plugins_dir.glob("open-gds-*.jar"))
    )


def run_maven(pom: Path, properties: dict[str, str]) -> None:
    """``mvn package`` on ``pom``; an InstallError with Maven's last lines when it fails."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise InstallError("Maven (mvn) is not on PATH; install it (e.g. apt-get install maven).")
    command = [mvn, "-B", "-ntp", "-f", str(pom), "package"]
    command += [f"-D{key}={value}" for key, value in properties.items()]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode == 0:
        return
    tail = "\n".join((done.stdout + done.stderr).splitlines()[-25:])
    hint = ""
    if any(h in tail for h in _NETWORK_HINTS):
        hint = " Maven could not reach its registry (Maven Central); check the network or proxy."
    raise InstallError(f"Maven failed for {pom} (exit {done.returncode}).{hint}\n{tail}")


def install(config: LocalServerConfig) -> InstallResult:
    """Resolve server, Browser and GDS jars into ``config.home``; a no-op when already there."""
    if is_installed(config):
        return InstallResult(config.home, True, len(list(config.lib_dir.glob("*.jar"))))
    config.cache_dir.mkdir(parents=True, exist_ok=True)
    # Build into a staging folder and swap it in, so an interrupted install leaves no half home.
    with tempfile.TemporaryDirectory(dir=config.cache_dir, prefix=".install-") as staging_name:
        staging = Path(staging_name)
        versions = {
            "neo4j.version": config.neo4j_version,
            "gds.version": config.gds_version,
            "browser.version": config.browser_version,
        }
        run_maven(
            _pom(config, "server"),
            {
                **versions,
                "hippograph.lib": str(staging / "home/lib"),
                "hippograph.build": str(staging / "build/server"),
            },
        )
        run_maven(
            _pom(config, "gds"),
            {
                **versions,
                "hippograph.plugins": str(staging / "home/plugins"),
                "hippograph.build": str(staging / "build/gds"),
            },
        )
        manifest = {"fingerprint": _fingerprint(config)}
        (staging / "home" / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        if config.home.exists():
            shutil.rmtree(config.home)
        (staging / "home").rename(config.home)
    return InstallResult(config.home, False, len(list(config.lib_dir.glob("*.jar"))))
