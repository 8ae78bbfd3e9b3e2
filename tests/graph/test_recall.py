"""Recall over a scope's EDUs: every mode, with provenance, filters, limits and isolation."""

import asyncio
import uuid
from dataclasses import replace
from datetime import date, datetime

import pytest
from neo4j import Driver

from hippograph.graph.connection import Neo4jConfig, open_driver
from hippograph.graph.errors import InvalidInputError, LimitExceededError
from hippograph.graph.recall.engine import search
from hippograph.graph.recall.lexical import shared_words
from hippograph.graph.recall.model import RecallFilters, RecallMode
from hippograph.graph.recall.presets import HYBRID, PRESETS, RecallPreset
from hippograph.ingest.embedding.local import LocalEmbeddings
from hippograph.ingest.parallel import ParallelExtraction
from hippograph.ingest.recall_query import QueryPreparer
from tests.graph.conftest import _ingest, recall_sync
from tests.ingest.conversations import GARDEN_CLUB


@pytest.fixture(scope="module")
def garden(
    neo4j_config: Neo4jConfig, extraction: ParallelExtraction, embeddings: LocalEmbeddings
) -> str:
    """A scope holding the garden club conversation, shared by this module's tests."""
    scope = f"test-recall-{uuid.uuid4().hex[:8]}"
    _ingest(neo4j_config, extraction, embeddings, [GARDEN_CLUB], scope)
    return scope


_recall = recall_sync


@pytest.mark.parametrize("mode", ["dense", "lexical", "hybrid", "hybrid-no-context"])
def test_every_mode_recalls_a_stated_fact_with_its_source_turn(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, garden: str, mode: str
) -> None:
    hits = _recall(
        neo4j_config,
        preparer,
        garden,
        "What did Tomás plant in the community garden?",
        PRESETS[mode],
    )
    # In context, the question asked right after the fact reads like it too: top 3, not top 1.
    top = next(h for h in hits[:3] if "tomatoes" in h.text)
    assert [t.id for t in top.turns] == ["garden-club/S1:2"]
    assert top.turns[0].text.startswith("Great! I planted tomatoes")
    assert top.turns[0].source_id == "S1:2" and top.turns[0].speaker == "Tomás"
    assert top.session_id == "garden-club/S1"
    assert top.session_date == datetime(2024, 3, 11, 18, 5)
    assert top.speakers == ("Tomás",)
    assert top.explanation.mode is PRESETS[mode].mode
    assert top.explanation.summary
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_hybrid_explains_both_lists_and_the_shared_words(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, garden: str
) -> None:
    top = _recall(neo4j_config, preparer, garden, "Which garden club did Priya join?")[0]
    assert "Riverside Garden Club" in top.text
    why = top.explanation
    assert why.mode is RecallMode.HYBRID
    assert why.dense_rank is not None and why.lexical_rank is not None
    assert {"garden", "club", "priya"} <= set(why.matched_terms)


def test_the_shared_words_are_what_the_match_counted_without_stop_words() -> None:
    question = "Is Ana coming to Girona in the spring?".lower().replace("?", "").split()
    said = "Ana comes to Girona for the spring festival."
    assert shared_words(question, said) == ("ana", "coming", "girona", "spring")


def test_an_answer_is_found_through_the_question_asked_before_it(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, garden: str
) -> None:
    hits = _recall(neo4j_config, preparer, garden, "How long has Tomás been gardening?", k=3)
    cited = {t.id for h in hits for t in h.turns}
    assert "garden-club/S1:4" in cited  # "Three years already!"


def test_filters_narrow_by_speaker_session_and_event_date(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, garden: str
) -> None:
    question = "garden club"
    by_priya = _recall(
        neo4j_config, preparer, garden, question, k=20, filters=RecallFilters(speaker="priya")
    )
    assert by_priya and all(h.speakers == ("Priya",) for h in by_priya)
    in_s2 = _recall(
        neo4j_config,
        preparer,
        garden,
        question,
        k=20,
        filters=RecallFilters(session="garden-club/S2"),
    )
    assert in_s2 and all(h.session_id == "garden-club/S2" for h in in_s2)
    april = _recall(
        neo4j_config,
        preparer,
        garden,
        question,
        k=20,
        filters=RecallFilters(date_from=date(2024, 4, 1), date_to=date(2024, 4, 30)),
    )
    assert april
    for hit in april:
        start = hit.date.start if hit.date else hit.session_date.date()  # type: ignore[union-attr]
        assert date(2024, 4, 1) <= start <= date(2024, 4, 30)
    assert (
        _recall(
            neo4j_config,
            preparer,
            garden,
            question,
            filters=RecallFilters(speaker="Nobody Here"),
        )
        == []
    )


def test_recall_never_reaches_into_another_scope(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, garden: str, driver: Driver
) -> None:
    hits = _recall(neo4j_config, preparer, garden, "tomatoes", k=20)
    ids = [h.id for h in hits]
    records, _, _ = driver.execute_query(
        "MATCH (u:EDU) WHERE u.id IN $ids RETURN collect(DISTINCT u.scope) AS scopes", ids=ids
    )
    assert records[0]["scopes"] == [garden]
    assert _recall(neo4j_config, preparer, garden + "-empty", "tomatoes") == []


HOSTILE_QUERIES = [
    'tomatoes" OR scope_token:* OR "',
    "text:(*) AND NOT text:x",
    "'}) MATCH (n) DETACH DELETE n //",
    "$scope ${x} \\u0000 ~2 ^9 [a TO z] /regex/",
    "AND OR NOT",
]


@pytest.mark.parametrize("question", HOSTILE_QUERIES)
def test_hostile_questions_are_only_ever_words(
    neo4j_config: Neo4jConfig,
    preparer: QueryPreparer,
    garden: str,
    driver: Driver,
    question: str,
) -> None:
    def total() -> int:
        records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n")
        return int(records[0]["n"])

    before = total()
    for mode in ("lexical", "hybrid"):
        hits = _recall(neo4j_config, preparer, garden, question, PRESETS[mode], k=20)
        assert all(h.id.startswith("edu-") for h in hits)
    assert total() == before


def test_a_question_without_words_still_gets_dense_hits(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, garden: str
) -> None:
    assert _recall(neo4j_config, preparer, garden, "?!", PRESETS["lexical"]) == []
    assert _recall(neo4j_config, preparer, garden, "?!", PRESETS["hybrid"])


@pytest.mark.parametrize("k", [0, -5])
def test_a_k_below_one_is_invalid_and_names_k(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, garden: str, k: int
) -> None:
    with pytest.raises(InvalidInputError, match=f"k must be at least 1, not {k}") as refused:
        _recall(neo4j_config, preparer, garden, "tomatoes", k=k)
    assert refused.value.field == "k"


def test_a_k_above_the_limit_is_refused_with_its_limit(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, garden: str
) -> None:
    with pytest.raises(LimitExceededError, match="k is 201; the limit is 200") as refused:
        _recall(neo4j_config, preparer, garden, "tomatoes", k=201)
    assert refused.value.limit == 200


def test_the_sessions_of_the_best_candidates_lend_their_edus_weight(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, garden: str
) -> None:
    query = preparer.prepare("What did Tomás plant in the community garden?")

    async def candidates(preset: RecallPreset) -> dict[str, tuple[float, str]]:
        async with open_driver(neo4j_config) as driver:
            _, found = await search(
                driver, neo4j_config.database, garden, query, preset, 100, False
            )
            records, _, _ = await driver.execute_query(
                "MATCH (u:EDU) WHERE u.id IN $ids RETURN u.id AS id, u.session AS session",
                ids=[c.id for c in found],
            )
        sessions = {r["id"]: r["session"] for r in records}
        return {c.id: (c.score, sessions[c.id]) for c in found}

    plain = asyncio.run(candidates(replace(HYBRID, session_lift=0.0)))
    lent = asyncio.run(candidates(replace(HYBRID, session_lift=1.0, session_sharpness=8.0)))
    assert plain.keys() == lent.keys()
    ratios = {edu: lent[edu][0] / plain[edu][0] for edu in plain}
    best = max(plain, key=lambda edu: plain[edu][0])
    by_session: dict[str, set[float]] = {}
    for edu, ratio in ratios.items():
        by_session.setdefault(plain[edu][1], set()).add(round(ratio, 6))
    assert by_session[plain[best][1]] == {2.0}  # the best candidate's session: the whole lift
    assert all(len(r) == 1 for r in by_session.values())  # one lift per session
    top = plain[best][0]
    for edu, (_, session) in plain.items():  # 1 + lift × (session's best / best) ^ sharpness
        session_best = max(score for score, s in plain.values() if s == session)
        assert ratios[edu] == pytest.approx(1.0 + (session_best / top) ** 8)
    assert len(by_session) == 2 and min(ratios.values()) < 2.0


def test_a_question_that_names_a_time_lifts_what_happened_then(
    neo4j_config: Neo4jConfig, driver: Driver, preparer: QueryPreparer, garden: str
) -> None:
    query = preparer.prepare("What did the garden club members do in March 2024?")
    assert query.date is not None and query.date.start.month == 3

    async def candidates(preset: RecallPreset) -> dict[str, float]:
        async with open_driver(neo4j_config) as async_driver:
            _, found = await search(
                async_driver, neo4j_config.database, garden, query, preset, 100, False
            )
        return {c.id: c.score for c in found}

    plain = asyncio.run(candidates(replace(HYBRID, time_weight=1.0)))
    lifted = asyncio.run(candidates(replace(HYBRID, time_weight=2.0)))
    records, _, _ = driver.execute_query(
        "MATCH (u:EDU {scope: $scope}) RETURN u.id AS id, u.text AS text, u.session AS session, "
        "coalesce(u.date, date(u.session_date)) AS day",
        scope=garden,
    )
    edus = {r["id"]: r for r in records}
    for edu, score in plain.items():
        day = edus[edu]["day"]
        expected = 2.0 if (day.year, day.month) == (2024, 3) else 1.0
        assert lifted[edu] / score == pytest.approx(expected), edus[edu]["text"]
    beans = next(r for r in records if "heirloom beans" in r["text"])  # said in April
    assert beans["session"].endswith("S2") and lifted[beans["id"]] / plain[
        beans["id"]
    ] == pytest.approx(2.0)
