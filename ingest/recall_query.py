"""Questions prepared for recall the way sessions were prepared for storage.

Relative dates are resolved against the caller's reference time (as EDU dates were against the
session date), entities are normalized to the same keys EDUs link to, and the text is embedded
by the same model as the EDUs.
"""

import itertools
import re
from collections.abc import Sequence
from datetime import datetime

from langchain_core.embeddings import Embeddings
from spacy.language import Language
from spacy.tokens import Doc

from hippograph.graph.errors import InvalidInputError
from hippograph.graph.recall.model import MAX_QUERY_CHARS, RecallQuery
from hippograph.ingest.embedding.local import LocalEmbeddings, embed_queries
from hippograph.ingest.errors import IngestError
from hippograph.ingest.extract.mentions import DocSpans, clause_mentions
from hippograph.ingest.supersession.frames import asked_frame
from hippograph.ingest.text.dates import absolute_date, rewrite_dates


class QueryError(IngestError, InvalidInputError):
    """A question that cannot be recalled: empty, or longer than the limit (field "query")."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "query")


# A question that asks for a time: its answer is a dated statement.
_ASKS_WHEN = re.compile(
    r"^\s*(?:since\s+)?when\b|\b(?:what|which)\s+(?:year|month|day|date|week|time of year)\b"
    r"|\bhow\s+long\s+ago\b",
    re.IGNORECASE,
)


class QueryPreparer:
    def __init__(self, nlp: Language, embeddings: Embeddings, model: str | None = None) -> None:
        self.nlp = nlp
        self.embeddings = embeddings
        # The model's name (EmbeddingRecord.name): a local model knows its own.
        self.model = model or (
            embeddings.spec.name if isinstance(embeddings, LocalEmbeddings) else None
        )

    def prepare(self, question: str, reference_time: datetime | None = None) -> RecallQuery:
        return self.prepare_many([question], reference_time)[0]

    def prepare_many(
        self, questions: Sequence[str], reference_time: datetime | None = None
    ) -> list[RecallQuery]:
        """Prepare several questions with one parser pass and one embedding batch."""
        for question in questions:
            check_question(question)
        anchor = reference_time.date() if reference_time else None
        rewritten = [rewrite_dates(q.strip(), anchor) for q in questions]
        texts = [text for text, _ in rewritten]
        docs = list(self.nlp.pipe(texts))
        vectors = embed_queries(self.embeddings, texts)
        return [
            RecallQuery(
                question=question,
                text=text,
                embedding=tuple(vector),
                date=when or absolute_date(text),
                entity_keys=_entity_keys(doc),
                asks_when=bool(_ASKS_WHEN.search(question)),
                asks_list=asks_for_list(doc),
                asks_about=_asks_about(doc),
                embedded_by=self.model,
            )
            for question, (text, when), doc, vector in zip(
                questions, rewritten, docs, vectors, strict=True
            )
        ]


def _asks_about(doc: Doc) -> tuple[str, str] | None:
    """The subject and attribute a question asks of ("Where does Ana live?"), if any."""
    frame = asked_frame(doc[:])
    return (frame.subject, frame.attribute) if frame else None


def check_question(question: str) -> None:
    """Raise QueryError for a question that cannot be recalled."""
    if not question.strip():
        raise QueryError("the question is empty")
    if len(question) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the question has {len(question)} characters; the limit is {MAX_QUERY_CHARS}"
        )


def asks_for_list(doc: Doc) -> bool:
    """Whether a parsed question asks for several things or a count: "how many …", a
    question word that determines a plural noun ("what activities …", "which places …", "what
    kinds of …"), or one that asks what plural things are ("what are her hobbies?")."""
    words = [t.lower_ for t in doc]
    if any(a == "how" and b in ("many", "often") for a, b in itertools.pairwise(words)):
        return True
    for token in doc:
        if token.lower_ not in ("what", "which"):
            continue
        if token.dep_ == "det" and token.head.tag_ in ("NNS", "NNPS"):
            return True
        after = doc[token.i + 1 : token.i + 2]
        if after and after[0].lower_ in ("are", "were"):
            return True
    return False


def _entity_keys(doc: Doc) -> tuple[str, ...]:
    mentions = clause_mentions(doc[:], DocSpans(doc), "", None, False, False)
    return tuple(m.key for m in mentions)
