"""Issue 41's levers 2 and 3, measured: candidate pairs by meaning and a learned decision.

Each statement (an EDU of the offline extractor) gets an attribute from its embedding's nearest
description in ``ATTRIBUTES`` (an open inventory of what people have one of at a time, written
for this module; no sentence of any labelled set). Two statements of one conversation whose
attributes agree are a candidate pair; a LightGBM classifier decides from features of the pair
(attribute agreement, similarity, whose fact, which values, change and mood cues, distance in
time) whether the later one closes the earlier. For each earlier statement the first later one
the model accepts is its successor, as the labels say.

Measured leave-one-conversation-out only: each conversation is scored by a model trained on
the others, with a threshold chosen on the others too. Nothing here is used by ingest yet.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import lightgbm as lgb
import numpy as np
from langchain_core.embeddings import Embeddings
from numpy.typing import NDArray
from spacy.language import Language

from hippograph.evaluation.supersession import LabelledConversation, SupersessionSet, changed
from hippograph.graph.model import EDU, Act, MentionRole, Scope
from hippograph.ingest.extract.extractor import Extractor

# What a person has one of at a time, each said the way a description would say it.
ATTRIBUTES = {
    "residence": "where a person lives: their city, town, country, home or flat",
    "neighbourhood": "the neighbourhood or street a person lives on",
    "employer": "the company or organisation a person works for",
    "job": "a person's job, role, profession or job title",
    "school": "the school, university or course a person studies at",
    "partner": "who a person is dating, married to or in a relationship with",
    "car": "the car, motorbike or vehicle a person drives or owns",
    "commute": "how a person gets to work: bus, train, bike, car or walking",
    "phone": "a person's phone, phone number or mobile carrier",
    "pet": "a person's pet: their dog, cat or other animal",
    "diet": "what a person eats: vegetarian, vegan, a diet or food they avoid",
    "gym": "the gym, fitness club or sports club a person goes to",
    "team": "the sports team a person plays for or supports",
    "hair": "a person's hair: its colour, length or style",
    "health": "a person's illness, injury, medication or doctor",
    "hobby": "a person's hobby or what they do in their free time",
    "instrument": "the musical instrument a person plays or the band they play in",
    "language": "the language a person is learning or speaks",
    "bank": "a person's bank, insurance or subscription provider",
    "landlord": "a person's landlord, flatmate or housemate",
    "computer": "a person's laptop or computer",
    "email": "a person's email address or email provider",
    "nickname": "what a person is called or their nickname",
    "show": "a person's favourite show, series or music",
}
CHANGE = "someone moved, switched, changed, quit, left, sold, replaced or started something new"
MOOD = "someone might, would like to, is planning to, or wonders whether to do something"
PARAMETERS: dict[str, object] = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 20,
    "num_threads": 1,
    "deterministic": True,
    "force_row_wise": True,
    "seed": 7,
    "verbose": -1,
}
ROUNDS = 200
_MODALS = {"would", "could", "might", "may", "should", "will", "shall", "'d", "'ll", "wanna"}
_CONDITIONS = {"if", "unless", "whether"}


@dataclass(frozen=True)
class Statement:
    """One EDU as the decision reads it."""

    conversation: str
    index: int  # its place among the conversation's statements
    edu: EDU
    vector: NDArray[np.float32]
    attributes: NDArray[np.float32]  # cosine to each of ATTRIBUTES
    change: float  # cosine to CHANGE
    mood: float  # cosine to MOOD
    cues: tuple[float, ...]  # from the parse: modal, condition, negation, past, present, question

    @property
    def attribute(self) -> int:
        return int(np.argmax(self.attributes))

    @property
    def subjects(self) -> set[str]:
        return {m.key for m in self.edu.mentions if m.role is MentionRole.SUBJECT}

    @property
    def own(self) -> bool:
        """Whether it is about its speaker (a subject that is who said it)."""
        return bool(self.subjects & {s.lower() for s in self.edu.speakers})

    @property
    def margin(self) -> float:
        """How far its attribute leads the next one."""
        first, second = np.sort(self.attributes)[::-1][:2]
        return float(first - second)

    @property
    def values(self) -> set[str]:
        return {m.key for m in self.edu.mentions if m.role is not MentionRole.SUBJECT}


def _cues(nlp: Language, text: str) -> tuple[float, ...]:
    doc = nlp(text)
    words = {t.lower_ for t in doc}
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    tag = root.tag_ if root is not None else ""
    return (
        float(bool(words & _MODALS)),
        float(bool(words & _CONDITIONS)),
        float(any(t.dep_ == "neg" for t in doc)),
        float(tag == "VBD"),
        float(tag in ("VBP", "VBZ")),
        float(text.rstrip().endswith("?")),
    )


def statements(
    conversation: LabelledConversation,
    extractor: Extractor,
    embeddings: Embeddings,
    nlp: Language,
    described: NDArray[np.float32],
) -> list[Statement]:
    """The conversation's statements in order; ``described``: the unit vectors of
    ATTRIBUTES, then CHANGE, then MOOD."""
    scope = Scope(id=conversation.id)
    edus = [
        e
        for s in conversation.conversation().sessions
        for e in extractor.extract(scope, s).edus
        if e.act is Act.STATEMENT
    ]
    vectors = _unit(embeddings.embed_documents([e.text for e in edus]))
    scores = vectors @ described.T
    n = len(ATTRIBUTES)
    return [
        Statement(conversation.id, i, e, vectors[i], scores[i, :n], float(scores[i, n]),
                  float(scores[i, n + 1]), _cues(nlp, e.text))
        for i, e in enumerate(edus)
    ]  # fmt: skip


def descriptions(embeddings: Embeddings) -> NDArray[np.float32]:
    return _unit(embeddings.embed_documents([*ATTRIBUTES.values(), CHANGE, MOOD]))


def _unit(vectors: Sequence[Sequence[float]]) -> NDArray[np.float32]:
    a = np.asarray(vectors, dtype=np.float32)
    unit: NDArray[np.float32] = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    return unit


def candidates(found: Sequence[Statement], top: int = 2) -> list[tuple[Statement, Statement]]:
    """Pairs (earlier, later) whose attributes agree: each one's best is among the other's
    ``top``."""
    best = [set(np.argsort(-s.attributes)[:top].tolist()) for s in found]
    return [
        (a, b)
        for j, b in enumerate(found)
        for i, a in enumerate(found[:j])
        if a.attribute in best[j] and b.attribute in best[i]
    ]


def features(a: Statement, b: Statement) -> list[float]:
    days = (
        (b.edu.session_date - a.edu.session_date).days
        if a.edu.session_date and b.edu.session_date
        else 0
    )
    shared = len(a.values & b.values) / max(len(a.values | b.values), 1)
    return [
        float(a.vector @ b.vector),
        float(a.attributes.max()),
        float(b.attributes.max()),
        float(a.attribute == b.attribute),
        _cosine(a.attributes, b.attributes),
        float(a.edu.speakers == b.edu.speakers),
        float(bool(a.subjects & b.subjects)),
        float(not a.subjects and not b.subjects),
        shared,
        float(bool(b.values - a.values)),
        b.change,
        b.change - a.change,
        b.mood,
        a.mood,
        *b.cues,
        *a.cues,
        math.log1p(max(days, 0)),
        float(a.edu.session_id == b.edu.session_id),
        math.log1p(b.index - a.index),
        a.margin,
        b.margin,
        float(a.own),
        float(b.own),
        float(a.edu.frame is not None),
        float(b.edu.frame is not None),
        float(a.edu.frame is not None and b.edu.frame is not None
              and a.edu.frame.attribute == b.edu.frame.attribute),
        len(a.edu.text.split()),
        len(b.edu.text.split()),
    ]  # fmt: skip


def _cosine(a: NDArray[np.float32], b: NDArray[np.float32]) -> float:
    return float(a @ b / max(float(np.linalg.norm(a) * np.linalg.norm(b)), 1e-12))


@dataclass(frozen=True)
class Pairs:
    """A conversation's candidate pairs, their features and labels."""

    conversation: str
    pairs: list[tuple[Statement, Statement]]
    x: NDArray[np.float64]
    y: NDArray[np.int64]


def labelled_pairs(found: Sequence[Statement], is_change: Callable[[str, str, str], bool]) -> Pairs:
    pairs = candidates(found)
    x = np.asarray([features(a, b) for a, b in pairs], dtype=np.float64).reshape(len(pairs), -1)
    y = np.asarray(
        [is_change(a.conversation, a.edu.turn_ids[0], b.edu.turn_ids[0]) for a, b in pairs],
        dtype=np.int64,
    )
    return Pairs(found[0].conversation if found else "", pairs, x, y)


def _predict(model: lgb.Booster, p: Pairs) -> NDArray[np.float64]:
    return np.asarray(model.predict(p.x), dtype=np.float64)


def _train(folds: Sequence[Pairs]) -> lgb.Booster:
    x = np.vstack([f.x for f in folds])
    y = np.concatenate([f.y for f in folds])
    return lgb.train(PARAMETERS, lgb.Dataset(x, y), num_boost_round=ROUNDS)


def _links(p: Pairs, scores: NDArray[np.float64], threshold: float) -> set[tuple[str, str, str]]:
    """For each earlier statement, the first later one scored at ``threshold`` or above."""
    first: dict[str, tuple[int, tuple[str, str, str]]] = {}
    for (a, b), score in zip(p.pairs, scores, strict=True):
        if score < threshold or a.edu.turn_ids[0] == b.edu.turn_ids[0]:
            continue
        key = a.edu.id
        if key not in first or b.index < first[key][0]:
            first[key] = (b.index, (a.conversation, a.edu.turn_ids[0], b.edu.turn_ids[0]))
    return {pair for _, pair in first.values()}


@dataclass(frozen=True)
class FoldScore:
    conversation: str
    labelled: int
    candidates: int  # labelled changes among the candidate pairs (what the model can find)
    found: int
    right: int
    recalled: int
    threshold: float


def _score(
    p: Pairs, links: set[tuple[str, str, str]], labelled: SupersessionSet, threshold: float
) -> FoldScore:
    is_change = changed(labelled)
    changes = {
        (c.conversation, c.earlier, c.later)
        for c in labelled.changes
        if c.conversation == p.conversation
    }
    reachable = {(a.conversation, a.edu.turn_ids[0], b.edu.turn_ids[0]) for a, b in p.pairs}
    return FoldScore(
        p.conversation,
        len(changes),
        len(changes & reachable),
        len(links),
        sum(is_change(*x) for x in links),
        len(changes & links),
        threshold,
    )  # fmt: skip


def _threshold(folds: Sequence[Pairs], labelled: SupersessionSet, floor: float) -> float:
    """The lowest threshold whose links, on ``folds`` scored by models trained without each,
    reach precision ``floor`` (the highest tried when none does)."""
    scored = [(f, _predict(_train([g for g in folds if g is not f]), f)) for f in folds]
    is_change = changed(labelled)
    for threshold in np.arange(0.2, 0.96, 0.05):
        links = set().union(*(_links(f, s, threshold) for f, s in scored))
        right = sum(is_change(*x) for x in links)
        if links and right / len(links) >= floor:
            return float(threshold)
    return 0.95


@dataclass(frozen=True)
class TradeOff:
    threshold: float
    found: int
    right: int
    recalled: int
    labelled: int


def trade_off(
    folds: Sequence[Pairs], labelled: SupersessionSet, thresholds: Sequence[float]
) -> list[TradeOff]:
    """Links at each threshold, every conversation scored by a model trained on the others:
    what precision costs in recall, held out."""
    scored = [(f, _predict(_train([g for g in folds if g is not f]), f)) for f in folds]
    is_change = changed(labelled)
    changes = {(c.conversation, c.earlier, c.later) for c in labelled.changes}
    rows = []
    for threshold in thresholds:
        links = set().union(*(_links(f, s, threshold) for f, s in scored))
        right = sum(is_change(*x) for x in links)
        rows.append(TradeOff(threshold, len(links), right, len(changes & links), len(changes)))
    return rows


def leave_one_out(
    folds: Sequence[Pairs], labelled: SupersessionSet, floor: float = 0.85
) -> list[FoldScore]:
    """Each conversation scored by a model and a threshold made from the others alone."""
    scores = []
    for held in folds:
        others = [f for f in folds if f is not held]
        threshold = _threshold(others, labelled, floor)
        model = _train(others)
        links = _links(held, _predict(model, held), threshold)
        scores.append(_score(held, links, labelled, threshold))
    return scores
