"""A scope's ranking depends on that scope alone: what another scope stores, however full of the
same words, changes neither the ids, the order nor the scores of its recall, in any mode."""

import uuid

from hippograph.graph.connection import Neo4jConfig
from hippograph.graph.model import Conversation, Session, Turn
from hippograph.graph.recall.model import RecallMode
from hippograph.graph.recall.presets import PRESETS
from hippograph.ingest.recall_query import QueryPreparer
from tests.graph.conftest import Ingest, recall_sync
from tests.ingest.conversations import LIGHTHOUSE

QUESTIONS = (
    "Who bought the old lighthouse on Kestrel Point?",
    "What colour is the tower painted?",
)


def _flood(sessions: int) -> Conversation:
    """Sessions that repeat the questions' words over and over (another tenant's memory)."""
    lines = [
        "The old lighthouse on Kestrel Point was bought again, the tower is a new colour.",
        "Who bought the lighthouse? The tower on Kestrel Point, the old one, bought twice.",
        "Kestrel Point lighthouse tower colour: bought, old, bought, tower, lighthouse.",
    ]
    return Conversation(
        id="flood",
        participants=("Brann", "Oona"),
        sessions=tuple(
            Session(
                id=f"flood-{n}",
                turns=tuple(
                    Turn(id=f"flood-{n}:{i}", speaker=("Brann", "Oona")[i % 2], text=line)
                    for i, line in enumerate(lines)
                ),
            )
            for n in range(sessions)
        ),
    )


def _recalls(config: Neo4jConfig, preparer: QueryPreparer, scope: str) -> list[object]:
    return [
        [(hit.id, hit.score) for hit in recall_sync(config, preparer, scope, q, PRESETS[m], k=10)]
        for q in QUESTIONS
        for m in (mode.value for mode in RecallMode)
    ]


def test_another_scope_full_of_the_same_words_moves_nothing(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, ingest: Ingest
) -> None:
    mine, theirs = (f"test-isolation-{uuid.uuid4().hex[:8]}-{n}" for n in ("a", "b"))
    ingest([LIGHTHOUSE], mine)
    before = _recalls(neo4j_config, preparer, mine)
    assert all(before)
    ingest([_flood(40)], theirs)
    assert _recalls(neo4j_config, preparer, mine) == before
