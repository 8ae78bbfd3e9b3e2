"""What a user would get from plain RAG over raw turns: BM25, dense and hybrid RRF.

Each turn is indexed as ``Speaker: text [shares <image caption>]``; the "with context" variant
prefixes the session date and appends the previous turn of the session, as in the LoCoMo dev
split's README, so the reference figures there can be reproduced. Results are whole turns;
what a turn costs in a prompt is its plain form (context is an indexing aid, not output).
"""

import time
from collections.abc import Sequence
from dataclasses import dataclass

import bm25s
import numpy as np
import Stemmer
from langchain_core.embeddings import Embeddings
from numpy.typing import NDArray

from hippograph.evaluation.metrics import Unit
from hippograph.graph.model import Conversation, Session, Turn

# Reciprocal rank fusion's constant, as published (Cormack et al., 2009) and as the README used.
RRF_K = 60


def plain_text(turn: Turn) -> str:
    caption = f" [shares {turn.image_caption}]" if turn.image_caption else ""
    return f"{turn.speaker}: {turn.text}{caption}"


def _session_date(session: Session) -> str:
    if session.started_at is None:
        return ""
    moment = session.started_at
    hour = moment.hour % 12 or 12
    noon = "am" if moment.hour < 12 else "pm"
    return f"({hour}:{moment.minute:02d} {noon} on {moment.day} {moment:%B}, {moment.year}) "


def context_text(session: Session, index: int) -> str:
    turn = session.turns[index]
    text = _session_date(session) + plain_text(turn)
    if index > 0:
        previous = session.turns[index - 1]
        text += f" || previous: {previous.speaker}: {previous.text}"
    return text


@dataclass
class _Index:
    units: list[Unit]
    bm25: bm25s.BM25
    vectors: NDArray[np.float32]


def _tokens(texts: Sequence[str], stemmer: Stemmer.Stemmer) -> bm25s.tokenization.Tokenized:
    return bm25s.tokenize(list(texts), stopwords="en", stemmer=stemmer, show_progress=False)


def rrf(*rankings: Sequence[int]) -> list[int]:
    """Reciprocal rank fusion of rankings (lists of item positions, best first)."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, 1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(scores, key=lambda item: (-scores[item], item))


class TurnBaselines:
    """BM25, dense and hybrid rankings of one conversation's turns, built once per file."""

    methods = ("BM25", "dense", "hybrid")

    def __init__(self, embeddings: Embeddings, with_context: bool) -> None:
        self.embeddings = embeddings
        self.with_context = with_context
        self.stemmer = Stemmer.Stemmer("english")
        self._indexes: dict[str, _Index] = {}
        self.index_seconds = 0.0

    @property
    def suffix(self) -> str:
        return " turns+context" if self.with_context else " turns"

    def build(self, conversations: Sequence[Conversation]) -> None:
        started = time.perf_counter()
        for conversation in conversations:
            units, texts = [], []
            for session in conversation.sessions:
                for index, turn in enumerate(session.turns):
                    units.append(Unit(plain_text(turn), (turn.id,)))
                    texts.append(
                        context_text(session, index) if self.with_context else plain_text(turn)
                    )
            bm25 = bm25s.BM25()
            bm25.index(_tokens(texts, self.stemmer), show_progress=False)
            vectors = np.asarray(self.embeddings.embed_documents(texts), dtype=np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            self._indexes[conversation.id] = _Index(units, bm25, vectors)
        self.index_seconds = time.perf_counter() - started

    def rank(
        self, conversation_id: str, question: str, vector: Sequence[float]
    ) -> dict[str, tuple[list[Unit], float]]:
        """Every method's full ranking of the conversation's turns, with its seconds."""
        index = self._indexes[conversation_id]
        started = time.perf_counter()
        docs, _ = index.bm25.retrieve(
            _tokens([question], self.stemmer), k=len(index.units), show_progress=False
        )
        lexical = [int(d) for d in docs[0]]
        lexical_seconds = time.perf_counter() - started

        started = time.perf_counter()
        query = np.asarray(vector, dtype=np.float32)
        scores = index.vectors @ (query / np.linalg.norm(query))
        dense = [int(i) for i in np.argsort(-scores, kind="stable")]
        dense_seconds = time.perf_counter() - started

        started = time.perf_counter()
        hybrid = rrf(lexical, dense)
        hybrid_seconds = lexical_seconds + dense_seconds + time.perf_counter() - started
        return {
            "BM25": ([index.units[i] for i in lexical], lexical_seconds),
            "dense": ([index.units[i] for i in dense], dense_seconds),
            "hybrid": ([index.units[i] for i in hybrid], hybrid_seconds),
        }
