"""What a new user asks of the sample conversations first: the statement that answers comes
first, ahead of the questions, plans and asides around it."""

import pytest

from hippograph.graph.connection import Neo4jConfig
from hippograph.graph.recall.presets import ASSOCIATIVE
from hippograph.ingest.recall_query import QueryPreparer
from tests.graph.conftest import recall_sync

OPENING = "Hana and others opened Crumb & Co on Saturday, 1 March 2025"


@pytest.mark.parametrize(
    "question",
    [
        pytest.param(
            "When did Hana open the bakery?",
            # A known regression of the learned ranking (issue 29): the plan "Hana and others
            # want to open on 1 March 2025." shares "open" with the question in fewer words, so
            # BM25 puts it first and the model follows; the opening comes second. An intention
            # feature did not change the dev split's ranking (the model never used it), so there
            # is nothing yet to learn this from. Strict: it fails the day the opening is first.
            marks=pytest.mark.xfail(strict=True, reason="the plan outranks the opening"),
        ),
        "When did Crumb & Co open?",
    ],
)
def test_the_opening_answers_when_the_bakery_opened(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, sample: str, question: str
) -> None:
    hits = recall_sync(neo4j_config, preparer, sample, question, ASSOCIATIVE, k=5)
    assert hits[0].text.startswith(OPENING), [hit.text for hit in hits]
