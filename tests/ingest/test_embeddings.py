"""The local embedding models: fetched from Maven Central once, run by ONNX Runtime, and the
same maths as their reference implementations, through LangChain's interface.

The reference vectors in minilm_reference.json were computed once by sentence-transformers
itself (its "produced_by" field says with what); hippograph does not install PyTorch, so
all-MiniLM-L6-v2 from its jar is compared against that file: a check of the encoder (tokens,
mean pooling, normalization) that every model shares.
"""

import json
import re
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from hippograph.api.settings import Settings
from hippograph.ingest.embedding.install import install_model, is_installed, model_folder
from hippograph.ingest.embedding.local import LocalEmbeddings, load_embeddings
from hippograph.ingest.embedding.specs import DEFAULT_MODEL, LOCAL_MODELS
from hippograph.ingest.errors import ModelNotInstalledError

REFERENCE = json.loads((Path(__file__).parent / "minilm_reference.json").read_text("utf-8"))
CACHE = Settings().cache_dir
PARAPHRASES = (
    "Tomás planted tomatoes in the community garden.",
    "Tomás grows tomatoes at the shared garden plot.",
    "The quarterly tax report is due on Friday.",
)


def _load(name: str) -> LocalEmbeddings:
    model = load_embeddings(name, "local", CACHE)
    assert isinstance(model, LocalEmbeddings)
    return model


def test_minilm_from_its_jar_matches_sentence_transformers() -> None:
    ours = np.array(_load("all-MiniLM-L6-v2").embed_documents(REFERENCE["texts"]))
    reference = np.array(REFERENCE["embeddings"])
    assert ours.shape == reference.shape == (len(REFERENCE["texts"]), 384)
    assert np.abs(ours - reference).max() < 1e-5


def test_the_default_model_is_cached_with_its_model_and_tokenizer(
    embeddings: LocalEmbeddings,
) -> None:
    assert embeddings.spec.name == DEFAULT_MODEL == Settings().embedding_model
    assert is_installed(embeddings.spec, CACHE)
    folder = model_folder(embeddings.spec, CACHE)
    assert folder.name == f"{embeddings.spec.artifact}-{embeddings.spec.version}"
    # A second load finds the files and runs no Maven (it would take seconds, and need a network).
    assert load_embeddings(DEFAULT_MODEL, "local", CACHE).embed_query("x")


def test_vectors_are_unit_length_and_order_is_kept(embeddings: LocalEmbeddings) -> None:
    texts = ["a long sentence about bees and the garden club " * 5, "bees", "the garden"]
    vectors = np.array(embeddings.embed_documents(texts))
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # int8 activations are quantized across a batch: a stored text's vector moves a little
    # with its neighbours, a question's never does.
    assert vectors[1] @ np.array(embeddings.embed_documents(["bees"])[0]) > 0.99
    questions = np.array(embeddings.embed_queries(texts))
    assert np.allclose(questions[1], embeddings.embed_query("bees"), atol=1e-6)
    names = np.array(embeddings.embed_each(texts))
    assert np.allclose(names[1], embeddings.embed_each(["bees"])[0], atol=1e-6)


def test_paraphrases_are_closer_than_unrelated_sentences(embeddings: LocalEmbeddings) -> None:
    a, b, c = np.array(embeddings.embed_documents(list(PARAPHRASES)))
    assert a @ b > a @ c + 0.15


def test_a_question_is_embedded_as_a_query_and_a_statement_as_a_passage(
    embeddings: LocalEmbeddings,
) -> None:
    spec = embeddings.spec
    assert (spec.query_prefix, spec.passage_prefix) == ("query: ", "passage: ")
    question = "Where did Tomás plant tomatoes?"
    as_query = np.array(embeddings.embed_query(question))
    assert np.allclose(as_query, embeddings.encoder.encode(["query: " + question])[0], atol=1e-6)
    assert not np.allclose(as_query, embeddings.embed_documents([question])[0], atol=1e-3)
    assert np.allclose(embeddings.embed_queries([question])[0], as_query, atol=1e-6)
    answer, unrelated = np.array(embeddings.embed_documents([PARAPHRASES[0], PARAPHRASES[2]]))
    assert as_query @ answer > as_query @ unrelated


@pytest.mark.parametrize("quantized", ["e5-small-v2-int8", "bge-small-en-v1.5-int8"])
def test_an_int8_model_is_within_cosine_099_of_its_fp32_twin(quantized: str) -> None:
    texts = [*PARAPHRASES, "Caroline went to an LGBTQ support group on 7 May 2023."]
    int8 = np.array(_load(quantized).embed_documents(texts))
    fp32 = np.array(_load(quantized.removesuffix("-int8")).embed_documents(texts))
    assert (int8 * fp32).sum(axis=1).min() >= 0.99


def test_it_is_a_langchain_embeddings(embeddings: LocalEmbeddings) -> None:
    assert isinstance(embeddings, Embeddings)
    assert embeddings.embed_documents([]) == []


def test_every_model_is_declared_with_its_artifact_and_recipe() -> None:
    for name, spec in LOCAL_MODELS.items():
        assert spec.name == name
        assert spec.coordinates.startswith("dev.langchain4j:langchain4j-embeddings-")
        assert spec.dimensions == 384


def test_unknown_models_and_providers_are_clear_errors() -> None:
    with pytest.raises(ModelNotInstalledError, match="no local embedding model 'bge-large'"):
        load_embeddings("bge-large", "local", CACHE)
    with pytest.raises(ModelNotInstalledError, match="pip install langchain-openai"):
        load_embeddings("text-embedding-3-small", "openai", CACHE)


def test_a_model_maven_cannot_fetch_is_an_error_naming_its_artifact(tmp_path: Path) -> None:
    missing = LOCAL_MODELS[DEFAULT_MODEL].model_copy(update={"version": "0.0.0-not-published"})
    artifact = re.escape("e5-small-v2-q:0.0.0-not-published")
    with pytest.raises(ModelNotInstalledError, match=artifact):
        install_model(missing, tmp_path)
    assert not list((tmp_path / "models").iterdir())  # nothing half-made is left behind
