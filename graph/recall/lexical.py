"""BM25 over one scope's own statistics: a lexical index per scope, held in memory.

Lucene's fulltext indexes keep one set of statistics for all scopes (how common a word is, how
long a field is on average), so one tenant's writes moved another tenant's lexical scores and
order, and a returned score told how common a word was in other tenants' memories. Here each
scope gets an index of its own, built from its EDUs' search fields (``key``, ``context``) and
its entities' names, scored as Lucene's English analyzer and BM25 would score them within that
scope alone (k1 1.2, b 0.75, each field with its own length and document frequencies, fields
summed with their boosts).

An index is built on a scope's first lexical search (a LoCoMo conversation of 1,900 EDUs: about
50 ms) and kept, keyed by the scope's projection generation, which every write bumps: a search
that finds the scope has moved on builds it again. ``LexicalIndexes`` keeps the ``capacity``
scopes used last.
"""

import math
import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import Stemmer
from neo4j import AsyncDriver

from hippograph.graph.cypher import execute, native_value
from hippograph.graph.embedding import ScopeEmbedding
from hippograph.graph.model import EmbeddingRecord
from hippograph.graph.recall.fusion import EduFacts, SearchFacts

K1 = 1.2
B = 0.75
# Lucene's EnglishAnalyzer stop words.
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is",
    "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there",
    "these", "they", "this", "to", "was", "will", "with",
))  # fmt: skip
_WORD = re.compile(r"\w+")
_POSSESSIVE = re.compile(r"['’]s\b", re.IGNORECASE)
_STEMMER = Stemmer.Stemmer("porter")


def analyze(text: str | None) -> list[str]:
    """The terms Lucene's English analyzer would index for ``text``: words without possessive
    's, lower-cased, stop words out, Porter-stemmed."""
    if not text:
        return []
    words = [w for w in _WORD.findall(_POSSESSIVE.sub("", text).lower()) if w not in STOP_WORDS]
    stems: list[str] = _STEMMER.stemWords(words)
    return stems


def shared_words(words: Sequence[str], text: str) -> tuple[str, ...]:
    """Those of a question's ``words`` that its lexical match with ``text`` counted: stop words
    left out, the rest compared by their stems (what an explanation may say they share)."""
    stems = set(analyze(text))
    return tuple(w for w in words if w not in STOP_WORDS and _STEMMER.stemWord(w) in stems)


class _Field:
    """One field of a set of documents: per term, the documents holding it and their BM25
    term weights (the idf factor comes at query time). Documents appended later are weighed
    with the average length the field was weighed at; when the true average has drifted more
    than ``DRIFT`` from it, every weight is computed again (in memory, from the counts kept)."""

    DRIFT = 0.02

    def __init__(self, texts: Sequence[str | None]) -> None:
        self.lengths = np.zeros(0, dtype=np.float64)
        self.documents = 0
        self.average = 1.0
        self.counts: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # term -> (docs, tf)
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # term -> (docs, weight)
        self.extend(texts)

    def extend(self, texts: Sequence[str | None]) -> None:
        """Add documents, numbered after the ones held."""
        analyzed = [analyze(t) for t in texts]
        first = len(self.lengths)
        self.lengths = np.concatenate([self.lengths, [float(len(a)) for a in analyzed]])
        having = self.lengths > 0
        self.documents = int(having.sum())
        true_average = float(self.lengths[having].mean()) if self.documents else 1.0
        touched: dict[str, dict[int, int]] = {}
        for doc, terms in enumerate(analyzed, first):
            for term in terms:
                counts = touched.setdefault(term, {})
                counts[doc] = counts.get(doc, 0) + 1
        for term, counts in touched.items():
            docs = np.fromiter(counts, dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            held = self.counts.get(term)
            if held is not None:
                docs, tf = np.concatenate([held[0], docs]), np.concatenate([held[1], tf])
            self.counts[term] = (docs, tf)
        reweigh = first == 0 or abs(true_average - self.average) > self.DRIFT * self.average
        if reweigh:
            self.average = true_average
        norms = K1 * (1 - B + B * self.lengths / self.average)
        for term in list(self.counts if reweigh else touched):
            docs, tf = self.counts[term]
            self.postings[term] = (docs, tf / (tf + norms[docs]))

    def idf(self, df: int) -> float:
        return math.log(1 + (self.documents - df + 0.5) / (df + 0.5))

    def add_scores(self, terms: Sequence[str], boost: float, scores: np.ndarray) -> None:
        for term in terms:
            found = self.postings.get(term)
            if found is None:
                continue
            docs, weights = found
            scores[docs] += boost * self.idf(len(docs)) * weights

    def coverage(self, terms: Sequence[str], docs: np.ndarray) -> np.ndarray:
        """Per document of ``docs``: the share of ``terms`` it holds, each term weighted by its
        idf (terms no document holds left out)."""
        held, total = np.zeros(len(docs)), 0.0
        for term in terms:
            found = self.postings.get(term)
            if found is None:
                continue
            holding = found[0]  # ascending: documents are numbered in the order they are read
            idf = self.idf(len(holding))
            # A binary search per document: np.isin sorted the whole posting list, which at a
            # million EDUs made the learned ranking's features cost 190 ms a recall.
            at = np.minimum(np.searchsorted(holding, docs), len(holding) - 1)
            held += idf * (holding[at] == docs)
            total += idf
        return held / total if total else held


class _Documents:
    """Documents with ids and named fields, searchable by BM25."""

    def __init__(self, ids: Sequence[str], fields: Mapping[str, Sequence[str | None]]) -> None:
        self.ids = np.array(ids, dtype=object)
        self.fields = {name: _Field(texts) for name, texts in fields.items()}

    def extend(self, ids: Sequence[str], fields: Mapping[str, Sequence[str | None]]) -> None:
        self.ids = np.concatenate([self.ids, np.array(ids, dtype=object)])
        for name, texts in fields.items():
            self.fields[name].extend(texts)

    def search(
        self, terms: Sequence[str], boosts: Mapping[str, float], limit: int
    ) -> list[tuple[str, float]]:
        """The ``limit`` best (id, score), best first; ties by id."""
        if not terms or not len(self.ids) or limit <= 0:
            return []
        scores = np.zeros(len(self.ids))
        for name, boost in boosts.items():
            self.fields[name].add_scores(terms, boost, scores)
        matched = np.flatnonzero(scores > 0)
        if len(matched) > limit:
            # Only documents scoring at least the limit-th best can rank: sorting every match
            # in Python took a second per search at a million EDUs.
            cut = len(matched) - limit
            matched = matched[scores[matched] >= np.partition(scores[matched], cut)[cut]]
        ranked = sorted(matched, key=lambda d: (-scores[d], self.ids[d]))[:limit]
        return [(str(self.ids[d]), float(scores[d])) for d in ranked]


@dataclass(frozen=True)
class ScopeDocuments:
    """What a scope's lexical index is built from (``recall/list_lexical_documents``), or what
    it takes in place (``recall/list_appended_documents``)."""

    version: int | None
    edu_ids: Sequence[str]
    edu_keys: Sequence[str | None]
    edu_contexts: Sequence[str | None]
    edu_facts: Sequence[EduFacts]
    entity_ids: Sequence[str]
    entity_names: Sequence[str | None]
    embedding: ScopeEmbedding = field(default_factory=lambda: ScopeEmbedding(None, None, 0))
    appends: int | None = None  # the scope's count of appends it holds

    @classmethod
    def of(
        cls, row: Mapping[str, Any], embedding: ScopeEmbedding | None = None
    ) -> "ScopeDocuments":
        """From a row of either statement."""
        edus, entities = row["edus"], row["entities"]
        return cls(
            version=row["version"],
            appends=row["appends"],
            edu_ids=[e[0] for e in edus],
            edu_keys=[e[1] for e in edus],
            edu_contexts=[e[2] for e in edus],
            edu_facts=[
                EduFacts(
                    e[3],
                    native_value(e[4]),
                    native_value(e[5]),
                    native_value(e[6]),
                    e[7],
                    e[8],
                    tuple(e[9]),
                    tuple(e[10] or ()),
                    min(e[11], default=-1),
                )
                for e in edus
            ],
            entity_ids=[e[0] for e in entities],
            entity_names=[e[1] for e in entities],
            embedding=embedding or ScopeEmbedding(None, None, len(edus)),
        )


class LexicalIndex:
    """One scope's EDUs (fields ``key`` and ``context``) and entities (field ``name``), with
    the facts the search's fusion weighs (``facts``)."""

    def __init__(self, documents: ScopeDocuments) -> None:
        self.version = documents.version
        self.appends = documents.appends
        self.embedding = documents.embedding
        self.edus = _Documents(
            documents.edu_ids, {"key": documents.edu_keys, "context": documents.edu_contexts}
        )
        self.entities = _Documents(documents.entity_ids, {"name": documents.entity_names})
        self.facts = SearchFacts(documents.edu_ids, documents.edu_facts)

    def extend(self, appended: ScopeDocuments) -> None:
        """Take what appends stored since this index was built (one already held is skipped:
        the statement that built it may have read an append committed as it ran)."""
        keep = [i for i, edu in enumerate(appended.edu_ids) if edu not in self.facts.row]
        self.edus.extend(
            [appended.edu_ids[i] for i in keep],
            {
                "key": [appended.edu_keys[i] for i in keep],
                "context": [appended.edu_contexts[i] for i in keep],
            },
        )
        self.facts.extend(
            [appended.edu_ids[i] for i in keep], [appended.edu_facts[i] for i in keep]
        )
        held = set(self.entities.ids)
        names = [
            (e, n)
            for e, n in zip(appended.entity_ids, appended.entity_names, strict=True)
            if e not in held
        ]
        self.entities.extend([e for e, _ in names], {"name": [n for _, n in names]})
        self.appends = appended.appends
        self.embedding = replace(self.embedding, edus=self.embedding.edus + len(keep))

    def search_edus(
        self, text: str, boosts: Mapping[str, float], limit: int
    ) -> list[tuple[str, float]]:
        return self.edus.search(_query(text), boosts, limit)

    def coverage(self, text: str, edus: Sequence[str], field: str) -> np.ndarray:
        """Per EDU of ``edus``: the idf-weighted share of the words of ``text`` that its field
        ``field`` holds."""
        rows = np.array([self.facts.row[e] for e in edus], dtype=np.int64)
        return self.edus.fields[field].coverage(_query(text), rows)

    def search_entities(self, text: str, limit: int) -> list[tuple[str, float]]:
        return self.entities.search(_query(text), {"name": 1.0}, limit)


def _query(text: str) -> list[str]:
    return list(dict.fromkeys(analyze(text)))


class LexicalIndexes:
    """The lexical indexes of the ``capacity`` scopes searched last, in this process."""

    def __init__(self, capacity: int = 64) -> None:
        self.capacity = capacity
        self._indexes: OrderedDict[str, LexicalIndex] = OrderedDict()

    def get(self, scope: str) -> LexicalIndex | None:
        index = self._indexes.get(scope)
        if index is not None:
            self._indexes.move_to_end(scope)
        return index

    def put(self, scope: str, index: LexicalIndex) -> None:
        self._indexes[scope] = index
        self._indexes.move_to_end(scope)
        while len(self._indexes) > self.capacity:
            self._indexes.popitem(last=False)


@dataclass(frozen=True)
class ScopeVersion:
    """What a scope's lexical index must have been built at to be current
    (``recall/get_lexical_version``): the last write that rewrote the scope, its count of
    appends, its embedding model and the model of a re-embedding under way."""

    version: int | None
    appends: int | None
    model: str | None
    pending: str | None

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> "ScopeVersion":
        """From a row with ``version``, ``appends``, ``model`` and ``pending`` columns."""
        return cls(row["version"], row["appends"], row["model"], row["pending"])


async def lexical_index(
    driver: AsyncDriver,
    database: str,
    scope: str,
    indexes: LexicalIndexes | None,
    seen: ScopeVersion | None = None,
) -> LexicalIndex:
    """The scope's lexical index: the one ``indexes`` keeps if nothing was written since it was
    built (``seen``, when a statement of this recall read it already, else one small read to
    know), that one with what appends stored since if only appends were, else one built now."""
    kept = indexes.get(scope) if indexes else None
    if kept is not None:
        if seen is None:
            records = await execute(
                driver, database, "recall/get_lexical_version", {"scope": scope}, read=True
            )
            seen = ScopeVersion.of(records[0])
        stored = kept.embedding
        model = stored.record.name if stored.record else None
        if (seen.version, seen.model, seen.pending) == (kept.version, model, stored.pending):
            if seen.appends == kept.appends:
                return kept
            if await _take_appends(driver, database, scope, kept):
                return kept
    records = await execute(
        driver, database, "recall/list_lexical_documents", {"scope": scope}, read=True
    )
    row = records[0]
    embedding = ScopeEmbedding(
        EmbeddingRecord(**row["model"]) if row["model"] else None,
        row["pending"],
        len(row["edus"]),
    )
    index = LexicalIndex(ScopeDocuments.of(row, embedding))
    if indexes is not None:
        indexes.put(scope, index)
    return index


async def _take_appends(driver: AsyncDriver, database: str, scope: str, kept: LexicalIndex) -> bool:
    """Extend ``kept`` with the EDUs and entities appends stored after it was built; False
    when the scope was rewritten meanwhile (it must be built again)."""
    records = await execute(
        driver,
        database,
        "recall/list_appended_documents",
        {"scope": scope, "after": kept.appends or 0},
        read=True,
    )
    appended = ScopeDocuments.of(records[0])
    if appended.version != kept.version:
        return False
    kept.extend(appended)
    return True
