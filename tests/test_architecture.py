"""The layout is the architecture: one namespace, arrows that point one way, statements that run
through graph/, measuring code only behind the CLI, and a package list that misses no folder.

Read from the source (imports anywhere in a module, functions included), so a forbidden import
fails here before it fails a user.
"""

import ast
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from hippograph.cli import EVAL_EXTRA

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("graph", "ingest", "queries", "api", "evaluation", "client", "cli")
# What each part may import of ours: the map docs/architecture.md draws (a test there keeps the
# two equal). The CLI sits on top and may import everything; nothing imports it, and only it
# imports evaluation. The client stands alone: an agent that uses it needs nothing of the
# server's.
ALLOWED = {
    "client": {"client"},
    "graph": {"graph"},
    "queries": set(),
    "ingest": {"ingest", "graph"},
    "api": {"api", "ingest", "graph"},
    "evaluation": {"evaluation", "ingest", "graph"},
    "cli": {"api", "cli", "ingest", "graph", "evaluation", "client"},
}
DEV_ONLY = {"pytest", "networkx", "playwright", "build"}
# Calls that run a statement: only graph/ makes them.
DRIVER_CALLS = {"execute_query", "execute_read", "execute_write", "begin_transaction"}


@dataclass(frozen=True)
class Import:
    module: Path
    name: str  # the imported module's dotted name
    line: int


def _sources(*folders: str) -> Iterator[Path]:
    for folder in folders:
        yield from (p for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield Import(path, node.module, node.lineno)


def _where(path: Path) -> str:
    return f"{path.relative_to(ROOT)}"


def _part_of(path: Path) -> str:
    return path.relative_to(ROOT).parts[0]


def _ours(name: str) -> str | None:
    """The part an import of ours reaches, or None."""
    parts = name.split(".")
    return parts[1] if parts[0] == "hippograph" and len(parts) > 1 else None


def test_every_import_of_ours_goes_through_the_hippograph_namespace() -> None:
    bare = [
        f"{_where(i.module)}:{i.line} imports {i.name}"
        for i in (i for p in _sources(*PARTS, "tests") for i in _imports(p))
        if i.name.split(".")[0] in PARTS
    ]
    assert not bare, "write `from hippograph.<part> import …`:\n" + "\n".join(bare)


@pytest.mark.parametrize("part", sorted(ALLOWED))
def test_imports_point_one_way(part: str) -> None:
    wrong = [
        f"{_where(i.module)}:{i.line} imports {i.name}"
        for p in _sources(*PARTS)
        if _part_of(p) == part
        for i in _imports(p)
        if (reached := _ours(i.name)) is not None and reached not in ALLOWED[part]
    ]
    assert not wrong, f"{part} may import only {sorted(ALLOWED[part])}:\n" + "\n".join(wrong)


def test_only_graph_runs_statements() -> None:
    outside = []
    for path in _sources("ingest", "api", "evaluation", "cli"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in DRIVER_CALLS
            ):
                outside.append(f"{_where(path)}:{node.lineno} calls {node.func.attr}")
        outside += [
            f"{_where(i.module)}:{i.line} imports {i.name}"
            for i in _imports(path)
            if i.name == "hippograph.graph.cypher"
        ]
    assert not outside, "statements run through graph/ only:\n" + "\n".join(outside)


def test_the_core_install_needs_no_measuring_or_test_package() -> None:
    """graph/, ingest/ and the server import nothing of the eval or dev extras; the CLI reaches
    them only through its eval and bench groups (which say how to install the extra)."""
    measuring = {ROOT / "cli" / "bench.py", ROOT / "cli" / "evaluate.py"}
    found = [
        f"{_where(i.module)}:{i.line} imports {i.name}"
        for p in _sources("graph", "ingest", "queries", "api", "cli")
        if p not in measuring
        for i in _imports(p)
        if i.name.split(".")[0] in EVAL_EXTRA | DEV_ONLY
    ]
    assert not found, "move this to evaluation/ or behind the eval extra:\n" + "\n".join(found)


def test_the_core_dependencies_leave_out_the_extras() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {d.split(">")[0].split("=")[0].split("<")[0].strip() for d in project["dependencies"]}
    assert not core & {"bm25s", "matplotlib", "pytest", "build"}
    assert {"bm25s", "matplotlib"} <= {
        d.split(">")[0].strip() for d in project["optional-dependencies"]["eval"]
    }


def test_every_folder_is_a_listed_package() -> None:
    """A folder missing from pyproject's list would be left out of the wheel without a word."""
    tools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(tools["setuptools"]["packages"])
    folders = {
        "hippograph." + ".".join(folder.relative_to(ROOT).parts)
        for part in PARTS
        for folder in [ROOT / part, *(ROOT / part).rglob("*")]
        if folder.is_dir() and "__pycache__" not in folder.parts
    }
    assert folders == listed
    assert tools["setuptools"]["package-dir"] == {f"hippograph.{p}": p for p in PARTS}


MAX_FUNCTION_LINES = 60
MAX_GRAPHQL_MODULE_LINES = 300


def test_functions_fit_on_a_screen() -> None:
    long = [
        f"{_where(path)}:{node.lineno} {node.name} has {length} lines"
        for path in _sources(*PARTS)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (length := (node.end_lineno or node.lineno) - node.lineno + 1) > MAX_FUNCTION_LINES
    ]
    assert not long, f"split these (at most {MAX_FUNCTION_LINES} lines):\n" + "\n".join(long)


def test_the_graphql_schema_is_split_by_domain() -> None:
    large = [
        f"{_where(path)} has {lines} lines"
        for path in _sources("api/graphql")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_GRAPHQL_MODULE_LINES
    ]
    assert not large, f"at most {MAX_GRAPHQL_MODULE_LINES} lines a module:\n" + "\n".join(large)


def test_the_architecture_doc_draws_this_map() -> None:
    """docs/architecture.md's diagram is the map above, arrow for arrow, so the two cannot
    drift apart."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    diagram = text.split("```mermaid", 1)[1].split("```", 1)[0]
    drawn = set(re.findall(r"^\s*(\w+) --> (\w+)\s*$", diagram, re.MULTILINE))
    mapped = {(part, other) for part, others in ALLOWED.items() for other in others - {part}}
    assert drawn == mapped


def test_every_name_that_repeats_across_parts_is_in_the_readme_table() -> None:
    """One name per idea: a module or package name used in two places is one idea at two
    floors, and the README's "Names that repeat across parts" says which (queries/ folders are
    the areas of the graph's statements, named after it by design)."""
    places: dict[str, set[Path]] = {}
    for part in PARTS:
        if part == "queries":
            continue
        for path in (ROOT / part).rglob("*"):
            if "__pycache__" in path.parts or "sets" in path.parts or path.stem == "__init__":
                continue
            if path.suffix == ".py" or path.is_dir():
                places.setdefault(path.stem, set()).add(path.parent)
    repeated = {name for name, where in places.items() if len(where) > 1}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Names that repeat across parts", 1)[1].split("\n## ", 1)[0]
    named = {
        name
        for line in table.splitlines()
        if line.startswith("| `")
        for name in re.findall(r"`([a-z_]+)`", line.split("|")[1])
    }
    assert repeated - named == set()
    assert named - repeated == set()  # no row for a name that no longer repeats
