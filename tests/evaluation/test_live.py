"""`bench live`'s pieces that need no server: what each scope appends (replayed conversations,
fresh ids when one comes round again, one session when asked), and the proof's verdicts on
stored turns (lost, doubled, out of place, a gap)."""

import json
from pathlib import Path

import pytest

from hippograph.evaluation.live import live_plan, replay
from hippograph.evaluation.live_check import Ack, scope_problems, session_problems
from hippograph.graph.recall.model import SourceTurn
from hippograph.ingest.formats.locomo import load_locomo_questions
from hippograph.ingest.formats.questions import QuestionSet
from tests.evaluation.benchmark_files import locomo_sample


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> QuestionSet:
    """Two conversations of 6 turns each, in two dated sessions (a third, empty, is skipped)."""
    path = tmp_path_factory.mktemp("live") / "locomo.json"
    path.write_text(json.dumps([locomo_sample("n1"), locomo_sample("n2")]), encoding="utf-8")
    return load_locomo_questions(Path(path))


def test_a_scope_replays_its_conversation_session_by_session(found: QuestionSet) -> None:
    turns = replay(found.loaded.conversations, 1, 4, one_session=False)
    assert [(t.conversation, t.session, t.turn.id) for t in turns] == [
        ("n2", "session_1", "D1:1"), ("n2", "session_1", "D1:2"),
        ("n2", "session_1", "D1:3"), ("n2", "session_1", "D1:4"),
    ]  # fmt: skip
    assert turns[0].started_at == "2024-06-03T16:10:00"
    assert turns[0].variables("s")["turns"] == [
        {"id": "D1:1", "speaker": "Noor", "text": "Elias, did you finish the kayak?",
         "imageCaption": None}
    ]  # fmt: skip


def test_a_longer_replay_goes_round_the_conversations_under_fresh_ids(found: QuestionSet) -> None:
    turns = replay(found.loaded.conversations, 0, 15, one_session=False)
    assert [t.conversation for t in turns] == ["n1"] * 6 + ["n2"] * 6 + ["n1.r1"] * 3
    assert turns[6].session == "session_1" and turns[11].session == "session_2"
    identities = {(t.conversation, t.session, t.turn.id) for t in turns}
    assert len(identities) == 15


def test_one_session_puts_every_turn_in_one_session_with_unique_ids(found: QuestionSet) -> None:
    turns = replay(found.loaded.conversations, 1, 30, one_session=True)
    assert {(t.conversation, t.session) for t in turns} == {("n2", "live")}
    assert turns[0].turn.id == "n2:D1:1" and turns[6].turn.id == "n1:D1:1"
    assert turns[12].turn.id == "n2.r1:D1:1"
    assert len({t.turn.id for t in turns}) == 30


def test_the_plan_names_growing_and_recalled_scopes(found: QuestionSet) -> None:
    plan = live_plan(found, "live-x-", 3, 20, 2, one_session=False)
    assert list(plan.growing) == ["live-x-0", "live-x-1", "live-x-2"]
    assert all(len(t) == 20 for t in plan.growing.values())
    assert plan.growing["live-x-2"][0].conversation == "n1"
    # A recall scope holds its conversation, at most: 6 turns here.
    assert {s: len(t) for s, t in plan.recalled.items()} == {"live-x-r0": 6, "live-x-r1": 6}
    assert {s for s, _ in plan.questions} == {"live-x-r0", "live-x-r1"}
    assert "What is the name of Noor's cat?" in {q for _, q in plan.questions}


def _stored(*positions: tuple[str, int]) -> list[SourceTurn]:
    return [
        SourceTurn(id=i, source_id=i.split("/")[1], speaker="Noor", text="hi", position=p)
        for i, p in positions
    ]


def _ack(turn: str, position: int, session: str = "n1/session_1") -> Ack:
    return Ack("s", session, turn, position, True, position, 1, 10.0, 1)


def test_a_clean_session_has_no_faults() -> None:
    stored = _stored(("n1/a", 0), ("n1/b", 1))
    assert session_problems("s", stored, [_ack("n1/a", 0), _ack("n1/b", 1)]) == ([], 0)


def test_lost_doubled_misplaced_and_gaps_are_each_a_fault() -> None:
    stored = _stored(("n1/a", 0), ("n1/b", 2), ("n1/b", 3), ("n1/c", 4))
    acks = [_ack("n1/a", 0), _ack("n1/b", 2), _ack("n1/c", 1), _ack("n1/d", 5)]
    problems, unacknowledged = session_problems("s", stored, acks)
    assert unacknowledged == 0
    text = "\n".join(problems)
    assert "positions are not 0..3" in text
    assert "turn n1/b stored 2 times" in text
    assert "turn n1/c acknowledged at position 1, stored at 4" in text
    assert "acknowledged turn n1/d is not stored" in text


def test_a_turn_stored_without_an_acknowledgement_is_counted_not_a_fault() -> None:
    stored = _stored(("n1/a", 0), ("n1/b", 1))
    assert session_problems("s", stored, [_ack("n1/a", 0)]) == ([], 1)


def test_an_acknowledged_session_that_is_not_stored_is_a_fault() -> None:
    problems, _ = scope_problems("s", {}, [_ack("n1/a", 0)])
    assert problems == ["s: acknowledged session n1/session_1 is not stored"]
