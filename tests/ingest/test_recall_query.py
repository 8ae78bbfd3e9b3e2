"""Questions are prepared like EDUs: dates resolved, entities keyed, text embedded; questions
of concurrent requests are prepared together, each as it would be alone."""

import asyncio
from datetime import date, datetime

import pytest
from spacy.language import Language

from hippograph.graph.model import Granularity
from hippograph.graph.recall.model import MAX_QUERY_CHARS, RecallQuery
from hippograph.ingest.embedding.local import LocalEmbeddings
from hippograph.ingest.question_batches import QuestionBatcher
from hippograph.ingest.recall_query import QueryError, QueryPreparer


@pytest.fixture(scope="module")
def preparer(nlp: Language, embeddings: LocalEmbeddings) -> QueryPreparer:
    return QueryPreparer(nlp, embeddings)


def test_relative_dates_are_resolved_against_the_reference_time(preparer: QueryPreparer) -> None:
    query = preparer.prepare(
        "What did Priya plant last week?", reference_time=datetime(2024, 4, 10, 12, 0)
    )
    assert query.date is not None
    assert query.date.granularity is Granularity.WEEK
    assert query.date.start == date(2024, 4, 1)
    assert "last week" not in query.text and "April 2024" in query.text


def test_explicit_dates_are_read_without_a_reference_time(preparer: QueryPreparer) -> None:
    query = preparer.prepare("Where did Tomás go in May 2023?")
    assert query.date is not None
    assert (query.date.start, query.date.end) == (date(2023, 5, 1), date(2023, 5, 31))


def test_entities_get_the_keys_edus_link_to(preparer: QueryPreparer) -> None:
    query = preparer.prepare("Did Priya's sister join the Riverside Garden Club?")
    assert "priya" in query.entity_keys
    assert "riverside garden club" in query.entity_keys
    assert len(query.embedding) == 384


@pytest.mark.parametrize(
    ("question", "problem"),
    [("", "empty"), ("   \n", "empty"), ("x" * (MAX_QUERY_CHARS + 1), "limit is 2000")],
)
def test_empty_and_oversized_questions_are_refused(
    preparer: QueryPreparer, question: str, problem: str
) -> None:
    with pytest.raises(QueryError, match=problem):
        preparer.prepare(question)


@pytest.mark.parametrize(
    ("question", "asks_when"),
    [
        ("When did Priya join the garden club?", True),
        ("Since when has Tomás kept bees?", True),
        ("In which year did the club start?", True),
        ("What month did Priya plant the beans?", True),
        ("How long ago did Tomás move?", True),
        ("What did Priya plant last week?", False),
        ("Who went to the market when it rained?", False),
    ],
)
def test_a_question_that_asks_for_a_time_is_marked(
    preparer: QueryPreparer, question: str, asks_when: bool
) -> None:
    assert preparer.prepare(question).asks_when is asks_when


@pytest.mark.parametrize(
    ("question", "asks_list"),
    [
        ("What activities has Melanie done with her family?", True),
        ("How many times has John been to Paris?", True),
        ("How often does Priya water the beans?", True),
        ("Which places did Nate visit?", True),
        ("What kinds of pastries does Hana sell?", True),
        ("What are Nate's favorite desserts?", True),
        ("What pet does Caroline have?", False),
        ("What is the name of Noor's cat?", False),
        ("When did Hana open the bakery?", False),
    ],
)
def test_a_question_that_asks_for_a_list_or_a_count_is_marked(
    preparer: QueryPreparer, question: str, asks_list: bool
) -> None:
    assert preparer.prepare(question).asks_list is asks_list


def test_questions_asked_together_are_prepared_as_each_alone(preparer: QueryPreparer) -> None:
    asked = [
        ("What did Priya plant last week?", datetime(2024, 4, 10, 12, 0)),
        ("Did Priya's sister join the Riverside Garden Club?", None),
        ("Who keeps bees?", None),  # prepared in one batch with the one before
        ("Where did Tomás go in May 2023?", datetime(2025, 1, 2, 9, 0)),
        ("What did Priya plant last week?", datetime(2024, 6, 20, 8, 0)),
    ]

    async def together() -> list[RecallQuery | BaseException]:
        batcher = QuestionBatcher(preparer, max_batch=3)
        calls = [batcher.prepare(question, at) for question, at in asked]
        return await asyncio.gather(*calls, batcher.prepare(" "), return_exceptions=True)

    *answers, empty = asyncio.run(together())
    assert answers == [preparer.prepare(question, at) for question, at in asked]
    assert isinstance(empty, QueryError)  # refused alone: the others were prepared
