"""Stored texts embedded by a worker process's model (ingest/workers.py), questions here.

The API server embeds what it writes in its worker of lower priority, so that an append's ONNX
threads yield the cores to recall; a question is recall's own work and is embedded in the
server's process, by the same model loaded there.
"""

from collections.abc import Sequence

from langchain_core.embeddings import Embeddings

from hippograph.ingest.embedding.local import embed_each
from hippograph.ingest.workers import WorkerPool

TOOL = "embedder"  # the name of a worker's embedder in its pool


def _documents(embedder: Embeddings, texts: list[str]) -> list[list[float]]:
    return embedder.embed_documents(texts)


def _each(embedder: Embeddings, texts: Sequence[str]) -> list[list[float]]:
    return embed_each(embedder, texts)


class WorkerEmbeddings(Embeddings):
    """``here``'s model, computing stored texts with the ``workers``' copy of it (their
    ``TOOL``) while the pool is started, here otherwise."""

    def __init__(self, here: Embeddings, workers: WorkerPool) -> None:
        self.here = here
        self.workers = workers

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts or not self.workers.started:
            return self.here.embed_documents(texts)
        return self.workers.call(_documents, TOOL, texts)

    def embed_each(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts or not self.workers.started:
            return embed_each(self.here, texts)
        return self.workers.call(_each, TOOL, list(texts))

    def embed_query(self, text: str) -> list[float]:
        return self.here.embed_query(text)
