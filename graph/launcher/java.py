"""Finding a Java runtime that the chosen Neo4j release runs on, without touching the default."""

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from hippograph.graph.errors import JavaNotFoundError

_JVM_FOLDERS = (Path("/usr/lib/jvm"), Path("/opt/java"), Path("/usr/local/lib/jvm"))
_VERSION = re.compile(r'(?:JAVA_VERSION="|version ")(\d+)(?:\.(\d+))?')


@dataclass(frozen=True)
class JavaRuntime:
    home: Path
    major: int

    @property
    def java(self) -> Path:
        return self.home / "bin" / "java"


def java_major(home: Path) -> int | None:
    """Major version of the JDK/JRE in ``home``, or None when it is not a Java home."""
    release = home / "release"
    text = ""
    if release.is_file():
        text = release.read_text(encoding="utf-8", errors="replace")
    elif (home / "bin" / "java").is_file():
        done = subprocess.run(
            [str(home / "bin" / "java"), "-version"], capture_output=True, text=True, check=False
        )
        text = done.stderr
    match = _VERSION.search(text)
    if not match:
        return None
    major = int(match.group(1))
    # Java 8 and older report "1.8".
    return int(match.group(2) or 0) if major == 1 else major


def _candidates() -> list[Path]:
    found: list[Path] = []
    if env_home := os.environ.get("JAVA_HOME"):
        found.append(Path(env_home))
    for folder in _JVM_FOLDERS:
        if folder.is_dir():
            found.extend(sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink()))
    return found


def find_java(majors: tuple[int, ...], java_home: Path | None = None) -> JavaRuntime:
    """Pick a Java runtime whose major version is in ``majors`` (earlier entries preferred).

    An explicit ``java_home`` must match; otherwise ``JAVA_HOME`` and the system JVM folders
    are searched. The system default ``java`` is never changed.
    """
    if java_home is not None:
        major = java_major(java_home)
        if major in majors:
            return JavaRuntime(java_home, major)
        raise JavaNotFoundError(
            f"{java_home} holds Java {major or 'nothing recognisable'}; Neo4j needs Java "
            f"{' or '.join(map(str, majors))}. Point HIPPOGRAPH_JAVA_HOME at such a JDK."
        )
    seen: dict[Path, int | None] = {home: java_major(home) for home in _candidates()}
    for wanted in majors:
        for home, major in seen.items():
            if major == wanted:
                return JavaRuntime(home, major)
    listing = ", ".join(f"{h} (Java {m})" for h, m in seen.items() if m) or "none"
    raise JavaNotFoundError(
        f"Neo4j needs Java {' or '.join(map(str, majors))}; found: {listing}. Install one "
        "(e.g. Temurin 25) and set HIPPOGRAPH_JAVA_HOME, or use docker/compose.yml."
    )
