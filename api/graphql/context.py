"""What every resolver can reach: the process's shared resources, the caller, the request's id
and its batch loaders (strawberry's DataLoaders)."""

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from neo4j import AsyncDriver
from pydantic import TypeAdapter, ValidationError
from strawberry import Info
from strawberry.dataloader import DataLoader

from hippograph.api.auth import Principal
from hippograph.api.export_jobs import Exports
from hippograph.api.ingest_jobs import Ingestion
from hippograph.api.settings import ApiLimits
from hippograph.graph import browse
from hippograph.graph.connection import Neo4jConfig
from hippograph.graph.errors import InvalidInputError
from hippograph.graph.gds.catalog import WarmCatalog
from hippograph.graph.model import ScopeId
from hippograph.graph.recall.lexical import LexicalIndexes
from hippograph.ingest.question_batches import QuestionBatcher
from hippograph.ingest.summaries import Summarizer
from hippograph.ingest.workers import WorkerPool

K = TypeVar("K")
V = TypeVar("V")
_SCOPE = TypeAdapter(ScopeId)


@dataclass
class Resources:
    """One per server process, built by the app's lifespan: shared by every request."""

    driver: AsyncDriver
    neo4j: Neo4jConfig
    limits: ApiLimits
    questions: QuestionBatcher
    ingestion: Ingestion
    exports: Exports
    catalog: WarmCatalog
    lexicon: LexicalIndexes
    workers: WorkerPool  # what writes compute, away from recall (api/wiring.py)
    summarizer: Summarizer | None = None

    @property
    def database(self) -> str:
        return self.neo4j.database


def _by_scope(
    resources: Resources,
    fetch: Callable[[AsyncDriver, str, str, Sequence[K]], Awaitable[list[V]]],
) -> DataLoader[tuple[str, K], V]:
    """A loader of (scope, key) that asks ``fetch`` once per scope for all keys of a tick."""

    async def load(keys: list[tuple[str, K]]) -> list[V]:
        groups: dict[str, list[int]] = {}
        for i, (scope, _) in enumerate(keys):
            groups.setdefault(scope, []).append(i)
        found: dict[int, V] = {}
        for scope, indices in groups.items():
            values = await fetch(
                resources.driver, resources.database, scope, [keys[i][1] for i in indices]
            )
            found.update(zip(indices, values, strict=True))
        return [found[i] for i in range(len(keys))]

    return DataLoader(load_fn=load)


@dataclass
class Loaders:
    """Per request: lists nested in an answer are read in one statement per kind of list."""

    resources: Resources
    session_turns: DataLoader[Any, Any] = field(init=False)
    session_edus: DataLoader[Any, Any] = field(init=False)
    entity_edus: DataLoader[Any, Any] = field(init=False)
    scene_edus: DataLoader[Any, Any] = field(init=False)
    neighbours: DataLoader[Any, Any] = field(init=False)
    edu_entities: DataLoader[Any, Any] = field(init=False)
    edus: DataLoader[Any, Any] = field(init=False)
    entity_months: DataLoader[Any, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.session_turns = _by_scope(self.resources, browse.session_turns)
        self.session_edus = _by_scope(self.resources, browse.session_edu_ids)
        self.entity_edus = _by_scope(self.resources, browse.entity_edu_ids)
        self.scene_edus = _by_scope(self.resources, browse.scene_edu_ids)
        self.neighbours = _by_scope(self.resources, browse.entity_neighbours)
        self.edu_entities = _by_scope(self.resources, browse.edu_entities)
        self.edus = _by_scope(self.resources, browse.edus)
        self.entity_months = _by_scope(self.resources, browse.entity_months)


@dataclass
class Context:
    resources: Resources
    principal: Principal
    loaders: Loaders
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])

    def _valid(self, scope: str) -> str:
        try:
            return _SCOPE.validate_python(scope)
        except ValidationError:
            raise InvalidInputError(
                f"{scope[:60]!r} is not a scope id (letters, digits and . _ : @ -, at most 128)",
                "scope",
            ) from None

    def readable(self, scope: str) -> str:
        """``scope``, once it is a valid id the caller may read; raises otherwise."""
        self.principal.require_read(self._valid(scope))
        return scope

    def writable(self, scope: str) -> str:
        self.principal.require_write(self._valid(scope))
        return scope


Ctx = Info[Context, None]
