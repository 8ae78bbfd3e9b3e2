"""Each scope's own BM25: Lucene's English analysis, and scores from the scope's statistics
alone (no server needed)."""

import math

import pytest

from hippograph.graph.recall.fusion import EduFacts
from hippograph.graph.recall.lexical import K1, B, LexicalIndex, ScopeDocuments, analyze

KEYS = [
    "(7 May 2023) Hana's bakery opened on the first of March.",
    "(7 May 2023) Marco ran the Bologna marathon.",
    "(8 May 2023) Hana bakes rye bread every morning at the bakery.",
]
CONTEXTS = [None, "Hana: Did you run it?", "Marco: What do you bake?"]


def _index(keys: list[str] = KEYS) -> LexicalIndex:
    return LexicalIndex(
        ScopeDocuments(
            version=1,
            edu_ids=[f"edu-{i}" for i in range(len(keys))],
            edu_keys=keys,
            edu_contexts=CONTEXTS[: len(keys)],
            edu_facts=[EduFacts("statement", None, None, None, "s1") for _ in keys],
            entity_ids=["hana", "marco", "bologna marathon"],
            entity_names=["Hana", "Marco", "Bologna marathon"],
        )
    )


def test_text_is_analyzed_as_lucene_english_analyzer_does() -> None:
    assert analyze("Hana's bakery opened on the first of March.") == [
        "hana", "bakeri", "open", "first", "march",
    ]  # fmt: skip
    assert analyze(None) == analyze("") == analyze("the of and") == []


def test_a_score_is_bm25_over_the_scopes_own_statistics() -> None:
    found = dict(_index().search_edus("When did the bakery open?", {"key": 1.0}, 10))
    lengths = [len(analyze(k)) for k in KEYS]
    average = sum(lengths) / len(lengths)

    def weight(tf: int, length: int, df: int) -> float:
        idf = math.log(1 + (len(KEYS) - df + 0.5) / (df + 0.5))
        return idf * tf / (tf + K1 * (1 - B + B * length / average))

    # "bakeri" is in two EDUs, "open" in one; "when" and "did" in none.
    assert found["edu-0"] == pytest.approx(weight(1, lengths[0], 2) + weight(1, lengths[0], 1))
    assert found["edu-2"] == pytest.approx(weight(1, lengths[2], 2))
    assert "edu-1" not in found


def test_fields_add_up_with_their_boosts_and_ties_break_by_id() -> None:
    index = _index()
    key = dict(index.search_edus("bake run", {"key": 1.0}, 10))
    context = dict(index.search_edus("bake run", {"context": 1.0}, 10))
    both = dict(index.search_edus("bake run", {"key": 1.0, "context": 0.5}, 10))
    assert set(key) == {"edu-2"} and set(context) == {"edu-1", "edu-2"}
    assert both["edu-1"] == pytest.approx(0.5 * context["edu-1"])  # "run" only in its context
    assert both["edu-2"] == pytest.approx(key["edu-2"] + 0.5 * context["edu-2"])
    twins = _index([KEYS[1], KEYS[1]]).search_edus("marathon", {"key": 1.0}, 10)
    assert [edu for edu, _ in twins] == ["edu-0", "edu-1"]


def test_a_word_common_in_the_scope_weighs_less_than_a_rare_one() -> None:
    index = _index()
    common = dict(index.search_edus("Hana", {"key": 1.0}, 10))
    rare = dict(index.search_edus("rye", {"key": 1.0}, 10))
    assert rare["edu-2"] > common["edu-2"] > 0


def test_entity_names_are_searched_apart_from_edus() -> None:
    assert [e for e, _ in _index().search_entities("Who ran the marathon?", 5)] == [
        "bologna marathon"
    ]


def _documents(keys: list[str], first: int = 0) -> ScopeDocuments:
    return ScopeDocuments(
        version=1,
        edu_ids=[f"edu-{first + i}" for i in range(len(keys))],
        edu_keys=keys,
        edu_contexts=[None] * len(keys),
        edu_facts=[
            EduFacts("statement", None, None, None, f"s{first + i}") for i in range(len(keys))
        ],
        entity_ids=[],
        entity_names=[],
    )


def test_appended_edus_taken_in_place_score_as_an_index_built_with_them() -> None:
    """Appends extend the index without reading the scope again; their weights use the average
    length the field was weighed at, until the true one drifts past 2 %, when every weight is
    computed again: then the scores are those of an index built with everything at once."""
    more = ["(9 May 2023) Hana's sister Eva moved to Ghent with her very old grey cat Mochi."]
    grown = LexicalIndex(_documents(KEYS))
    grown.extend(_documents(more, first=len(KEYS)))
    whole = LexicalIndex(_documents(KEYS + more))
    question = "Where did Hana's sister move with the cat?"
    found, expected = (
        dict(index.search_edus(question, {"key": 1.0}, 10)) for index in (grown, whole)
    )
    assert list(found) == list(expected) and found == pytest.approx(expected)
    assert grown.facts.row == whole.facts.row
    assert list(grown.facts.sessions) == list(whole.facts.sessions)
    grown.extend(_documents(more, first=len(KEYS)))  # read twice: held already, not added again
    assert len(grown.edus.ids) == len(KEYS) + 1
