"""Fixtures for tests that store conversations through the real ingest pipeline."""

import asyncio
import uuid
from collections.abc import Iterator
from typing import Protocol

import pytest
from spacy.language import Language

from hippograph.graph.connection import Neo4jConfig, open_driver
from hippograph.graph.gds.scenes import build_scenes
from hippograph.graph.model import Conversation, OnConflict
from hippograph.graph.recall.engine import recall
from hippograph.graph.recall.model import RecallFilters, RecallHit
from hippograph.graph.recall.presets import HYBRID, RecallPreset
from hippograph.graph.schema import apply_schema
from hippograph.ingest.embedding.local import LocalEmbeddings
from hippograph.ingest.extract.offline import OfflineExtractor
from hippograph.ingest.formats.jsonl import load_jsonl
from hippograph.ingest.parallel import ParallelExtraction
from hippograph.ingest.pipeline import IngestPipeline, IngestReport
from hippograph.ingest.recall_query import QueryPreparer
from hippograph.ingest.sample import SAMPLE_CONVERSATIONS


@pytest.fixture(scope="session")
def extraction(nlp: Language) -> Iterator[ParallelExtraction]:
    with ParallelExtraction(OfflineExtractor(nlp)) as extraction:
        yield extraction


@pytest.fixture(scope="session")
def schema(neo4j_config: Neo4jConfig, embeddings: LocalEmbeddings) -> None:
    """The database's constraints and indexes, for a test that needs them but stores nothing
    (what stores applies them itself)."""

    async def run() -> None:
        async with open_driver(neo4j_config) as driver:
            await apply_schema(driver, neo4j_config.database, embeddings.dimensions)

    asyncio.run(run())


class Ingest(Protocol):
    def __call__(
        self,
        conversations: list[Conversation],
        scope: str,
        on_conflict: OnConflict = OnConflict.REPLACE,
    ) -> IngestReport: ...


@pytest.fixture
def ingest(
    neo4j_config: Neo4jConfig, extraction: ParallelExtraction, embeddings: LocalEmbeddings
) -> Ingest:
    """Store conversations into a scope through the real pipeline."""

    def run(
        conversations: list[Conversation], scope: str, on_conflict: OnConflict = OnConflict.REPLACE
    ) -> IngestReport:
        return _ingest(neo4j_config, extraction, embeddings, conversations, scope, on_conflict)

    return run


def _ingest(
    config: Neo4jConfig,
    extraction: ParallelExtraction,
    embeddings: LocalEmbeddings,
    conversations: list[Conversation],
    scope: str,
    on_conflict: OnConflict = OnConflict.REPLACE,
) -> IngestReport:
    async def run() -> IngestReport:
        async with open_driver(config) as driver:
            await apply_schema(driver, config.database, embeddings.dimensions)
            pipeline = IngestPipeline(
                driver, config.database, extraction, embeddings, embeddings.record
            )
            return await pipeline.ingest(conversations, scope, on_conflict=on_conflict)

    return asyncio.run(run())


@pytest.fixture(scope="session")
def sample(
    neo4j_config: Neo4jConfig,
    extraction: ParallelExtraction,
    embeddings: LocalEmbeddings,
) -> str:
    """The sample conversations (what `hippograph up` stores) in a scope of their own, with
    scenes and personas built."""
    scope = f"test-sample-{uuid.uuid4().hex[:8]}"
    conversations = list(load_jsonl(SAMPLE_CONVERSATIONS).conversations)
    _ingest(neo4j_config, extraction, embeddings, conversations, scope)

    async def scenes() -> None:
        async with open_driver(neo4j_config) as driver:
            await build_scenes(driver, neo4j_config, scope)

    asyncio.run(scenes())
    return scope


@pytest.fixture(scope="session")
def preparer(nlp: Language, embeddings: LocalEmbeddings) -> QueryPreparer:
    return QueryPreparer(nlp, embeddings)


def recall_sync(
    config: Neo4jConfig,
    preparer: QueryPreparer,
    scope: str,
    question: str,
    preset: RecallPreset = HYBRID,
    k: int = 5,
    filters: RecallFilters | None = None,
) -> list[RecallHit]:
    """Prepare ``question`` and recall it from ``scope`` with a fresh async driver."""

    async def run() -> list[RecallHit]:
        async with open_driver(config) as driver:
            query = preparer.prepare(question)
            return await recall(
                driver, config.database, scope, query, k=k, preset=preset, filters=filters
            )

    return asyncio.run(run())
