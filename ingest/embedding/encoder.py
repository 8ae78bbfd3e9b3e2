"""A sentence encoder run by ONNX Runtime from a model's exported ``.onnx`` and ``tokenizer.json``.

The export returns every token's state; pooling (the spec's mean or first token) and L2
normalization happen here, as the models' sentence-transformers modules specify. Texts are
tokenized once, sorted by length and batched, so little time goes into padding.
"""

import os
from pathlib import Path

import numpy as np
import onnxruntime as ort
from numpy.typing import NDArray
from tokenizers import Tokenizer

from hippograph.ingest.embedding.specs import EmbeddingModelSpec, Pooling

Array = NDArray[np.float32]
# Texts sorted by length, 16 to a batch: 1,200 dev context texts took 3.9 s, against 4.5 s by 64
# and 6.2 s by 256 (less padding, and a batch's activations stay in cache).
BATCH_SIZE = 16


class OnnxEncoder:
    """Unit-length sentence vectors from one model's ONNX export."""

    def __init__(
        self, spec: EmbeddingModelSpec, session: ort.InferenceSession, tokenizer: Tokenizer
    ) -> None:
        self.spec = spec
        self.session = session
        self.tokenizer = tokenizer
        self._inputs = {i.name for i in session.get_inputs()}

    @classmethod
    def from_files(
        cls, spec: EmbeddingModelSpec, model: Path, tokenizer_file: Path, threads: int | None = None
    ) -> "OnnxEncoder":
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Idle threads sleep instead of spinning: spinning after every call kept both cores
        # busy and took them from Neo4j (API at 8 clients 41.8 -> 49.1 recalls/s, one client
        # p50 43.8 -> 34.0 ms; dev ingest 69 -> 58 s).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_file(str(tokenizer_file))
        tokenizer.no_padding()  # batches pad to their own longest text
        tokenizer.enable_truncation(spec.max_tokens)
        return cls(spec, session, tokenizer)

    def encode(self, texts: list[str], batch_size: int = BATCH_SIZE) -> Array:
        """One vector per text, in input order."""
        out = np.zeros((len(texts), self.spec.dimensions), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            length = max(len(encodings[i].ids) for i in chosen)
            ids = np.zeros((len(chosen), length), dtype=np.int64)
            mask = np.zeros((len(chosen), length), dtype=np.int64)
            for row, i in enumerate(chosen):
                ids[row, : len(encodings[i].ids)] = encodings[i].ids
                mask[row, : len(encodings[i].ids)] = 1
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            states = self.session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
            out[chosen] = self._pool(np.asarray(states, dtype=np.float32), mask)
        return out

    def _pool(self, states: Array, mask: NDArray[np.int64]) -> Array:
        if self.spec.pooling is Pooling.CLS:
            pooled: Array = states[:, 0]
        else:
            weights = mask[:, :, None].astype(np.float32)
            pooled = (states * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Array = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit
