"""Building hippograph's working parts from settings: what the API server and the CLI both need.

The server's lifespan and the CLI commands call these; neither builds an extractor, a pipeline
or a summarizer on its own, and no server module imports the CLI.
"""

import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from enum import StrEnum
from functools import partial

from langchain_core.embeddings import Embeddings
from neo4j import AsyncDriver
from spacy.language import Language

from hippograph.api.settings import Settings
from hippograph.graph.connection import open_driver
from hippograph.graph.errors import EmbeddingMismatchError
from hippograph.graph.gds.catalog import WarmCatalog
from hippograph.graph.model import EmbeddingRecord
from hippograph.graph.schema import apply_schema, vector_dimensions
from hippograph.ingest.chat_models import chat_model
from hippograph.ingest.embedding.local import LocalEmbeddings, load_embeddings
from hippograph.ingest.embedding.worker import TOOL as EMBEDDER
from hippograph.ingest.embedding.worker import WorkerEmbeddings
from hippograph.ingest.errors import ModelNotInstalledError
from hippograph.ingest.extract.extractor import Extractor
from hippograph.ingest.extract.llm import LLMExtractor
from hippograph.ingest.extract.offline import OfflineExtractor, offline_extractor
from hippograph.ingest.nlp import load_spacy
from hippograph.ingest.parallel import TOOL, ParallelExtraction
from hippograph.ingest.pipeline import IngestPipeline
from hippograph.ingest.recall_query import QueryPreparer
from hippograph.ingest.summaries import Summarizer
from hippograph.ingest.supersession.judge import SupersessionJudge
from hippograph.ingest.workers import WorkerPool

# The server's write worker runs at the lowest priority: against a busy thread of priority 0
# the kernel gives it under 2 % of a core, so recall keeps the cores while appends compute in
# what recall leaves. 300 scopes x 2 appends, recall p95 during ÷ alone: 1.59x in the server's
# process, 1.71x in a worker at niceness 10, 1.50x at 19 (docs/performance.md, issue 40).
WRITE_NICENESS = 19


class ExtractorKind(StrEnum):
    OFFLINE = "offline"
    LLM = "llm"


def build_extractor(
    settings: Settings, kind: ExtractorKind, nlp: Language | None = None
) -> Extractor:
    nlp = nlp or load_spacy(settings.spacy_model)
    offline = OfflineExtractor(nlp)
    if kind is ExtractorKind.OFFLINE:
        return offline
    if not settings.llm_provider or not settings.llm_model:
        raise ModelNotInstalledError(
            "the llm extractor needs HIPPOGRAPH_LLM_PROVIDER and HIPPOGRAPH_LLM_MODEL"
        )
    model = chat_model(settings.llm_provider, settings.llm_model)
    return LLMExtractor(model, nlp, offline, model_name=settings.llm_model)


def parallel_extraction(settings: Settings, kind: ExtractorKind) -> ParallelExtraction:
    extractor = build_extractor(settings, kind)
    # Offline extraction is CPU-bound: worker processes on every core (they load spaCy while
    # this process loads the embedding model). The LLM extractor waits on the network.
    processes = os.cpu_count() or 1
    if kind is not ExtractorKind.OFFLINE or processes < 2:
        return ParallelExtraction(extractor)
    factory = partial(offline_extractor, settings.spacy_model)
    return ParallelExtraction(extractor, WorkerPool({TOOL: factory}, processes))


def write_workers(settings: Settings) -> WorkerPool:
    """The server's worker for what its writes compute (an append's or an ingest job's
    extraction and embedding), one process at a lower priority than the server's own."""
    return WorkerPool(
        {
            TOOL: partial(offline_extractor, settings.spacy_model),
            EMBEDDER: partial(
                load_embeddings,
                settings.embedding_model,
                settings.embedding_provider,
                settings.cache_dir,
            ),
        },
        processes=1,
        niceness=WRITE_NICENESS,
    )


def embeddings(settings: Settings) -> Embeddings:
    return load_embeddings(
        settings.embedding_model, settings.embedding_provider, settings.cache_dir
    )


def embedding_record(settings: Settings, embedder: Embeddings) -> EmbeddingRecord:
    """What a scope records about the model: a local model's spec, else provider and name."""
    if isinstance(embedder, WorkerEmbeddings):
        embedder = embedder.here
    if isinstance(embedder, LocalEmbeddings):
        return embedder.record
    return EmbeddingRecord(
        name=f"{settings.embedding_provider}:{settings.embedding_model}",
        dimensions=len(embedder.embed_query("dimension probe")),
    )


def query_preparer(
    settings: Settings, nlp: Language | None = None, embedder: Embeddings | None = None
) -> QueryPreparer:
    """What turns a question into a recall query: spaCy (dates, entity keys) and the embedder,
    whose model each query names so that recall refuses a scope another model embedded."""
    embedder = embedder or embeddings(settings)
    model = embedding_record(settings, embedder).name
    return QueryPreparer(nlp or load_spacy(settings.spacy_model), embedder, model)


async def checked_pipeline(
    settings: Settings,
    driver: AsyncDriver,
    extraction: ParallelExtraction,
    embedder: Embeddings,
    catalog: WarmCatalog | None = None,
) -> IngestPipeline:
    """A pipeline on a database whose schema is applied and whose vector index matches the
    embedding model, projecting within ``catalog``'s budget (the settings' by default)."""
    record = embedding_record(settings, embedder)
    dimensions = record.dimensions
    database = settings.neo4j_database
    await apply_schema(driver, database, settings.embedding_dimensions)
    indexed = await vector_dimensions(driver, database)
    if indexed != dimensions:
        raise EmbeddingMismatchError(
            f"the embedding model gives {dimensions} dimensions but the database's vector "
            f"index has {indexed}; set HIPPOGRAPH_EMBEDDING_DIMENSIONS={dimensions} for a new "
            "database, or use the model the database was built with"
        )
    return IngestPipeline(
        driver,
        database,
        extraction,
        embedder,
        record,
        catalog or warm_catalog(settings),
        supersession_judge(settings),
    )


def supersession_judge(settings: Settings) -> SupersessionJudge | None:
    """The configured chat model as judge of supersession at ingest, when
    HIPPOGRAPH_SUPERSESSION_JUDGE asks for it (None: offline frames alone)."""
    return judge_of(settings) if settings.supersession_judge else None


def judge_of(settings: Settings) -> SupersessionJudge:
    """The configured chat model (HIPPOGRAPH_LLM_PROVIDER/_MODEL) as judge of supersession."""
    if not settings.llm_provider or not settings.llm_model:
        raise ModelNotInstalledError(
            "judging supersession needs HIPPOGRAPH_LLM_PROVIDER and HIPPOGRAPH_LLM_MODEL"
        )
    model = chat_model(settings.llm_provider, settings.llm_model)
    return SupersessionJudge(model, f"llm:{settings.llm_model}")


def warm_catalog(
    settings: Settings,
    on_cold: Callable[[float], None] = lambda seconds: None,
    on_evict: Callable[[], None] = lambda: None,
) -> WarmCatalog:
    """The GDS catalog's budget from HIPPOGRAPH_GDS_CATALOG_BUDGET_MB."""
    budget = settings.gds_catalog_budget_mb
    return WarmCatalog(budget * 2**20 if budget else None, on_cold, on_evict)


@asynccontextmanager
async def open_pipeline(
    settings: Settings, extraction: ParallelExtraction
) -> AsyncIterator[tuple[AsyncDriver, IngestPipeline]]:
    """A driver and a checked pipeline."""
    embedder = embeddings(settings)
    async with open_driver(settings.neo4j()) as driver:
        yield driver, await checked_pipeline(settings, driver, extraction, embedder)


def summarizer(settings: Settings) -> Summarizer | None:
    """The LLM summarizer when a chat model is configured."""
    if not (settings.llm_provider and settings.llm_model):
        return None
    return Summarizer(chat_model(settings.llm_provider, settings.llm_model), settings.llm_model)
