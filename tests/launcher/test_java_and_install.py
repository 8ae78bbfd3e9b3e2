"""Choosing a Java runtime and knowing what is installed, without starting anything."""

import re
from pathlib import Path

import pytest

from hippograph.graph.errors import JavaNotFoundError
from hippograph.graph.launcher import find_java
from hippograph.graph.launcher.config import BROWSER_VERSION, GDS_VERSION, MAVEN_POMS, NEO4J_VERSION
from hippograph.graph.launcher.java import java_major


def _fake_home(root: Path, name: str, version: str) -> Path:
    home = root / name
    (home / "bin").mkdir(parents=True)
    (home / "release").write_text(f'JAVA_VERSION="{version}"\n')
    return home


def test_java_version_is_read_from_the_release_file(tmp_path: Path) -> None:
    assert java_major(_fake_home(tmp_path, "jdk25", "25.0.3")) == 25
    assert java_major(_fake_home(tmp_path, "jdk8", "1.8.0_402")) == 8
    assert java_major(tmp_path / "nothing-here") is None


def test_an_explicit_java_home_of_the_wrong_version_is_a_clear_error(tmp_path: Path) -> None:
    home = _fake_home(tmp_path, "jdk17", "17.0.15")
    with pytest.raises(JavaNotFoundError, match=r"Java 17.*needs Java 25 or 21"):
        find_java((25, 21), home)


def test_no_suitable_java_anywhere_lists_what_was_found() -> None:
    with pytest.raises(JavaNotFoundError, match="needs Java 99"):
        find_java((99,))


def test_this_machine_has_a_java_neo4j_runs_on() -> None:
    runtime = find_java((25, 21))
    assert runtime.java.is_file()
    assert runtime.major in (25, 21)


def test_the_poms_default_to_the_versions_the_code_expects() -> None:
    """The installer passes versions explicitly; the pom defaults serve people running mvn."""
    server = (MAVEN_POMS / "server/pom.xml").read_text()
    gds = (MAVEN_POMS / "gds/pom.xml").read_text()
    assert re.search(rf"<neo4j.version>{re.escape(NEO4J_VERSION)}<", server)
    assert re.search(rf"<browser.version>{re.escape(BROWSER_VERSION)}<", server)
    assert re.search(rf"<gds.version>{re.escape(GDS_VERSION)}<", gds)
