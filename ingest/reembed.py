"""Re-embedding a scope with another model, without extracting anything again.

The vectors another model made are rewritten a batch at a time (each EDU alone and in the
context of the turn before it, each entity's name), each batch in its own transaction and
marked with the new model. The scope is marked as being re-embedded first and the new model
recorded last, so recall and ingest refuse the scope while its vectors are of two models, and a
re-embedding that was killed resumes with the vectors still left; once done, running it again
changes nothing.

Entity synonymy links (SIMILAR_TO) stay as the ingest that made them found them.
"""

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from langchain_core.embeddings import Embeddings
from neo4j import AsyncDriver

from hippograph.graph.embedding import (
    mark_reembedding,
    record_embedding,
    scope_embedding,
    set_edu_vectors,
    set_entity_vectors,
    stale_edus,
    stale_entities,
)
from hippograph.graph.errors import NotFoundError
from hippograph.graph.model import EmbeddingRecord
from hippograph.ingest.embedding.local import embed_each
from hippograph.ingest.pipeline import in_context_text

# EDUs per batch: large enough that the model's batches stay full, small enough that a kill
# loses seconds of work.
BATCH = 256


@dataclass
class ReembedProgress:
    """Told after each batch: EDUs re-embedded of those to do, and entities re-embedded."""

    edus: int
    edus_total: int
    entities: int = 0


@dataclass(frozen=True)
class ReembedReport:
    scope: str
    model: str
    previous: str | None  # the model recorded before, None when none was
    edus: int
    entities: int
    seconds: float

    @property
    def changed(self) -> bool:
        return bool(self.edus or self.entities) or self.previous != self.model


async def reembed(
    driver: AsyncDriver,
    database: str,
    scope: str,
    embeddings: Embeddings,
    record: EmbeddingRecord,
    on_progress: Callable[[ReembedProgress], None] = lambda _: None,
    batch: int = BATCH,
) -> ReembedReport:
    """Re-embed what another model embedded in ``scope`` and record ``record``'s model."""
    started = time.perf_counter()
    stored = await scope_embedding(driver, database, scope, record.name)
    previous = stored.record.name if stored.record else None
    if not stored.edus:
        raise NotFoundError(f"scope {scope} holds no EDUs to embed")
    progress = ReembedProgress(0, stored.stale)
    if stored.stale or stored.pending or previous != record.name:
        await mark_reembedding(driver, database, scope, record.name)
        on_progress(progress)
        while found := await stale_edus(driver, database, scope, record.name, batch):
            alone = await asyncio.to_thread(embeddings.embed_documents, [e.key for e in found])
            contexts = [e for e in found if e.context]
            joined = await asyncio.to_thread(
                embeddings.embed_documents, [in_context_text(e.key, e.context) for e in contexts]
            )
            in_context = dict(zip((e.id for e in contexts), joined, strict=True))
            vectors = [
                (e.id, v, in_context.get(e.id, v)) for e, v in zip(found, alone, strict=True)
            ]
            await set_edu_vectors(driver, database, scope, record.name, vectors)
            progress.edus += len(found)
            on_progress(progress)
        while names := await stale_entities(driver, database, scope, record.name, batch):
            named = await asyncio.to_thread(embed_each, embeddings, [n for _, n in names])
            pairs = [(i, v) for (i, _), v in zip(names, named, strict=True)]
            await set_entity_vectors(driver, database, scope, record.name, pairs)
            progress.entities += len(names)
            on_progress(progress)
        await record_embedding(driver, database, scope, record)
    return ReembedReport(
        scope, record.name, previous, progress.edus, progress.entities,
        time.perf_counter() - started,
    )  # fmt: skip
