"""Embeddings behind LangChain's ``Embeddings`` interface, so any provider can be plugged in.

The default runs a local model from Maven Central (ingest/embedding/specs.py names them);
other providers are optional packages chosen by settings (``HIPPOGRAPH_EMBEDDING_PROVIDER``),
made by langchain's ``init_embeddings``. Stored text is embedded as a passage and a question as
a query, each with the prefix its model was trained on.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from langchain.embeddings import init_embeddings
from langchain_core.embeddings import Embeddings

from hippograph.graph.model import EmbeddingRecord
from hippograph.ingest.embedding.encoder import BATCH_SIZE, OnnxEncoder
from hippograph.ingest.embedding.install import MODEL_FILE, TOKENIZER_FILE, install_model
from hippograph.ingest.embedding.specs import LOCAL_MODELS, EmbeddingModelSpec
from hippograph.ingest.errors import ModelNotInstalledError
from hippograph.ingest.providers import initialized


class LocalEmbeddings(Embeddings):
    """A local model on the CPU, from the ONNX export in its Maven Central jar."""

    def __init__(self, encoder: OnnxEncoder, batch_size: int = BATCH_SIZE) -> None:
        self.encoder = encoder
        self.batch_size = batch_size

    @property
    def spec(self) -> EmbeddingModelSpec:
        return self.encoder.spec

    @property
    def dimensions(self) -> int:
        return self.spec.dimensions

    @property
    def record(self) -> EmbeddingRecord:
        """What a scope keeps about the model that embedded it."""
        spec = self.spec
        return EmbeddingRecord(
            name=spec.name,
            artifact=spec.coordinates,
            dimensions=spec.dimensions,
            query_prefix=spec.query_prefix,
            passage_prefix=spec.passage_prefix,
        )

    def _encode(self, prefix: str, texts: Sequence[str], batch_size: int) -> list[list[float]]:
        if not texts:
            return []
        vectors: list[list[float]] = self.encoder.encode(
            [prefix + t for t in texts], batch_size
        ).tolist()
        return vectors

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(self.spec.passage_prefix, texts, self.batch_size)

    def embed_query(self, text: str) -> list[float]:
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: Sequence[str]) -> list[list[float]]:
        """Several questions in one call: in one batch, or one at a time with a quantized model
        (models.py says why)."""
        return self._encode(self.spec.query_prefix, texts, self._alone)

    def embed_each(self, texts: Sequence[str]) -> list[list[float]]:
        """Stored texts whose vectors must depend on the text alone (entity names, which
        synonymy compares against a threshold): one at a time with a quantized model."""
        return self._encode(self.spec.passage_prefix, texts, self._alone)

    @property
    def _alone(self) -> int:
        return 1 if self.spec.quantized else self.batch_size


@runtime_checkable
class EmbedsEach(Protocol):
    """An embedder that can make each vector from its text alone (LocalEmbeddings.embed_each)."""

    def embed_each(self, texts: Sequence[str]) -> list[list[float]]: ...


def embed_each(embeddings: Embeddings, texts: Sequence[str]) -> list[list[float]]:
    """Stored texts, each vector made from its text alone (see LocalEmbeddings.embed_each)."""
    if isinstance(embeddings, EmbedsEach):
        return embeddings.embed_each(texts)
    return embeddings.embed_documents(list(texts))


def embed_queries(embeddings: Embeddings, texts: Sequence[str]) -> list[list[float]]:
    """Questions embedded as queries: in one batch where the model can, else one by one."""
    if isinstance(embeddings, LocalEmbeddings):
        return embeddings.embed_queries(texts)
    return [embeddings.embed_query(t) for t in texts]


def local_spec(model: str) -> EmbeddingModelSpec:
    if model not in LOCAL_MODELS:
        raise ModelNotInstalledError(
            f"no local embedding model {model!r}; local models: {', '.join(LOCAL_MODELS)}"
        )
    return LOCAL_MODELS[model]


def load_embeddings(model: str, provider: str, cache_dir: Path) -> Embeddings:
    """The embedding model named by settings; a local one is fetched into ``cache_dir`` first
    when it is not there yet."""
    if provider == "local":
        spec = local_spec(model)
        folder = install_model(spec, cache_dir)
        return LocalEmbeddings(
            OnnxEncoder.from_files(spec, folder / MODEL_FILE, folder / TOKENIZER_FILE)
        )
    return initialized("embedding", provider, lambda: init_embeddings(model, provider=provider))
