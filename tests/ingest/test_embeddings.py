"""The local embedding model is all-MiniLM-L6-v2 exactly, through LangChain's interface.

The reference vectors in minilm_reference.json were computed once by sentence-transformers
itself (its "produced_by" field says with what) from the same weights; hippograph does not
install PyTorch, so the comparison runs against that file.
"""

import json
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from hippograph.ingest.embeddings import LocalMiniLMEmbeddings, load_embeddings
from hippograph.ingest.errors import ModelNotInstalledError

REFERENCE = json.loads((Path(__file__).parent / "minilm_reference.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def model() -> Embeddings:
    return load_embeddings("all-MiniLM-L6-v2")


def test_vectors_match_sentence_transformers(model: Embeddings) -> None:
    ours = np.array(model.embed_documents(REFERENCE["texts"]))
    reference = np.array(REFERENCE["embeddings"])
    assert ours.shape == reference.shape == (len(REFERENCE["texts"]), 384)
    assert np.abs(ours - reference).max() < 1e-5


def test_vectors_are_unit_length_and_order_is_kept(model: Embeddings) -> None:
    texts = ["a long sentence about bees and the garden club " * 5, "bees", "the garden"]
    vectors = np.array(model.embed_documents(texts))
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vectors[1], model.embed_query("bees"), atol=1e-6)


def test_similar_statements_are_closer_than_unrelated_ones(model: Embeddings) -> None:
    a, b, c = np.array(
        model.embed_documents(
            [
                "Tomás planted tomatoes in the community garden.",
                "Tomás grows tomatoes at the shared garden plot.",
                "The quarterly tax report is due on Friday.",
            ]
        )
    )
    assert a @ b > 0.6 > a @ c


def test_it_is_a_langchain_embeddings(model: Embeddings) -> None:
    assert isinstance(model, Embeddings) and isinstance(model, LocalMiniLMEmbeddings)
    assert model.embed_documents([]) == []


def test_unknown_models_and_providers_are_clear_errors() -> None:
    with pytest.raises(ModelNotInstalledError, match="no local embedding model"):
        load_embeddings("bge-large")
    with pytest.raises(ModelNotInstalledError, match="pip install langchain-openai"):
        load_embeddings("text-embedding-3-small", "openai")
