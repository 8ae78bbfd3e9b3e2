"""Cypher statements live in ``queries/<area>/<verb>_<noun>.cypher``; this loads them by name.

Each file holds one statement and a ``// params:`` header naming every ``$parameter`` it uses
(``// params: none`` when it has none). The header is checked against the text when the file
is loaded and against the values at every call, so a value can only ever reach Neo4j as a
parameter, never by string formatting.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, LiteralString

from neo4j import AsyncDriver, AsyncManagedTransaction, Record

from hippograph.graph.errors import QueryNotFoundError, QueryParameterError

_HEADER = re.compile(r"^//\s*params:\s*(.*)$", re.MULTILINE)
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_NAME = re.compile(r"^[a-z]+/[a-z]+(?:_[a-z0-9]+)+$")


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    params: frozenset[str]

    def parameters(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Check ``values`` against the declared parameters and return them as a dict."""
        given = set(values)
        if given != self.params:
            missing = sorted(self.params - given)
            extra = sorted(given - self.params)
            raise QueryParameterError(
                f"{self.name}: missing parameters {missing}, undeclared parameters {extra}"
            )
        return dict(values)

    @property
    def cypher(self) -> LiteralString:
        # The text comes from a file shipped with the package, never from user input, so it
        # is as literal as a string in the source (mypy treats LiteralString as str).
        return self.text


def _root() -> Traversable:
    return resources.files("hippograph.queries")


def _parse(name: str, text: str) -> Query:
    header = _HEADER.search(text)
    if header is None:
        raise QueryParameterError(f"{name}: the file has no '// params:' header")
    declared_text = header.group(1).strip()
    declared = (
        frozenset()
        if declared_text == "none"
        else frozenset(p.strip().lstrip("$") for p in declared_text.split(",") if p.strip())
    )
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    used = frozenset(_PARAMETER.findall(body))
    if used != declared:
        raise QueryParameterError(
            f"{name}: header declares {sorted(declared)} but the statement uses {sorted(used)}"
        )
    return Query(name=name, text=body.strip(), params=declared)


@cache
def load_query(name: str) -> Query:
    """The query ``<area>/<verb>_<noun>`` from the ``queries`` folder."""
    if not _NAME.match(name):
        raise QueryNotFoundError(f"{name!r} is not a query name of the form area/verb_noun")
    area, file = name.split("/")
    path = _root() / area / f"{file}.cypher"
    if not path.is_file():
        raise QueryNotFoundError(f"no query named {name!r} (looked for queries/{name}.cypher)")
    return _parse(name, path.read_text(encoding="utf-8"))


def query_names(area: str | None = None) -> list[str]:
    """Every query name, or those of one area, sorted."""
    names = []
    for folder in _root().iterdir():
        if not folder.is_dir() or (area is not None and folder.name != area):
            continue
        names += [
            f"{folder.name}/{entry.name.removesuffix('.cypher')}"
            for entry in folder.iterdir()
            if entry.name.endswith(".cypher")
        ]
    return sorted(names)


async def execute(
    driver: AsyncDriver,
    database: str,
    name: str,
    values: Mapping[str, Any] | None = None,
    *,
    read: bool = False,
) -> list[Record]:
    """Run the statement ``name`` with ``values`` in a transaction of its own (the driver
    retries it on transient failures); its records. ``read`` routes it to a reader of a
    cluster."""
    query = load_query(name)
    records, _, _ = await driver.execute_query(
        query.cypher, query.parameters(values or {}), database_=database,
        routing_="r" if read else "w",
    )  # fmt: skip
    return records


async def run_query(tx: AsyncManagedTransaction, name: str, **values: Any) -> list[dict[str, Any]]:
    """Run the query ``name`` with ``values`` inside a transaction; its rows as dicts."""
    query = load_query(name)
    result = await tx.run(query.cypher, query.parameters(values))
    return [record.data() async for record in result]


def native_value(value: Any) -> Any:
    """The driver's temporal value as Python's own, inside lists and maps too; any other
    value as it is."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [native_value(v) for v in value]
    if isinstance(value, dict):
        return {k: native_value(v) for k, v in value.items()}
    return value


def native_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row with the driver's temporal values turned into Python's own."""
    return {k: native_value(v) for k, v in row.items()}
