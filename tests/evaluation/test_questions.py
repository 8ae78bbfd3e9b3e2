"""Benchmark questions: evidence quirks repaired and counted, unanswerable ones marked."""

import json
from pathlib import Path

from hippograph.evaluation.baselines import context_text, plain_text
from hippograph.ingest.formats.locomo import load_locomo_questions
from hippograph.ingest.formats.longmemeval import load_longmemeval_questions
from tests.evaluation.benchmark_files import locomo_sample, longmemeval_item


def test_locomo_evidence_quirks_are_repaired_dropped_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "locomo.json"
    path.write_text(json.dumps([locomo_sample("book-1")]), encoding="utf-8")
    found = load_locomo_questions(path)
    by_question = {q.question: q for q in found.questions}
    assert by_question["Where did Elias take the kayak he varnished?"].evidence == ("D1:2", "D2:1")
    assert by_question["What is the name of Noor's cat?"].evidence == ("D1:3", "D2:2")
    assert by_question["When did Elias paddle across the lake?"].evidence == ("D2:1",)
    assert "What does Noor bake?" not in by_question
    q = found.quirks
    assert (q.split, q.repaired, q.noise, q.unknown_turn, q.no_evidence) == (1, 2, 1, 1, 1)
    assert by_question["Where did Elias take the kayak he varnished?"].category == "multi-hop"
    assert by_question["What colour is Elias's cat?"].unanswerable
    assert found.loaded.skipped == ["book-1 session_3: no turns"]


def test_longmemeval_evidence_is_the_turns_marked_has_answer(tmp_path: Path) -> None:
    path = tmp_path / "lme.json"
    items = [longmemeval_item("q1"), longmemeval_item("q2_abs")]
    path.write_text(json.dumps(items), encoding="utf-8")
    found = load_longmemeval_questions(path)
    first, abstention = found.questions
    assert first.evidence == ("s-b:0",)
    assert first.category == "single-session-user"
    assert first.asked_at is not None and first.asked_at.day == 30
    assert abstention.unanswerable and not first.unanswerable


def test_turn_baselines_index_turns_as_the_reference_did(tmp_path: Path) -> None:
    path = tmp_path / "locomo.json"
    path.write_text(json.dumps([locomo_sample("book-2")]), encoding="utf-8")
    session = load_locomo_questions(path).loaded.conversations[0].sessions[1]
    assert plain_text(session.turns[1]) == (
        "Noor: Pixel knocked my sourdough starter off the shelf. "
        "[shares a photo of a cat next to a broken jar]"
    )
    assert context_text(session, 0) == (
        "(9:00 am on 20 June, 2024) Elias: I paddled the kayak across Lake Vättern on Saturday."
    )
    assert context_text(session, 1).endswith(
        "|| previous: Elias: I paddled the kayak across Lake Vättern on Saturday."
    )
