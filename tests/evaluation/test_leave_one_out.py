"""Leave-one-conversation-out chooses each fold's preset on the other conversations only."""

from typing import Any

import pytest

from hippograph.evaluation.leave_one_out import ResultsError, leave_one_out


def _question(conversation: str, ranks: dict[str, int | None]) -> dict[str, Any]:
    return {
        "conversation_id": conversation,
        "systems": {name: {"evidence_ranks": {"D1:1": rank}} for name, rank in ranks.items()},
    }


# Each preset is best on some conversations: a choice made without the held-out one guesses
# wrong on every fold here, so leave-one-out (20 %) sits far below either whole-split 60 %.
RESULTS = {
    "questions": [
        _question("a", {"shipped": 20, "tuned": 1}),
        _question("a", {"shipped": 3, "tuned": 3}),
        _question("b", {"shipped": None, "tuned": 2}),
        _question("c", {"shipped": 1, "tuned": 50}),
        _question("c", {"shipped": 2, "tuned": 40}),
    ]
}


def test_each_fold_is_chosen_on_the_other_conversations() -> None:
    found = leave_one_out(RESULTS, ["shipped", "tuned"], k=10)
    chosen = {f.conversation: f.chosen for f in found.folds}
    assert chosen == {"a": "shipped", "b": "shipped", "c": "tuned"}
    assert [f.held_out for f in found.folds] == [50.0, 0.0, 0.0]
    assert found.overall == pytest.approx(20.0)
    assert found.whole_split == pytest.approx({"shipped": 60.0, "tuned": 60.0})


def test_ties_go_to_the_preset_named_first() -> None:
    tied = {"questions": [_question(c, {"shipped": 1, "tuned": 1}) for c in "ab"]}
    assert {f.chosen for f in leave_one_out(tied, ["shipped", "tuned"], k=10).folds} == {"shipped"}


def test_one_conversation_is_not_enough() -> None:
    alone = {"questions": [_question("a", {"shipped": 1, "tuned": 1})]}
    with pytest.raises(ResultsError, match="at least two conversations"):
        leave_one_out(alone, ["shipped", "tuned"], k=10)


def test_a_preset_the_results_do_not_hold_is_named() -> None:
    with pytest.raises(ResultsError, match="missing-preset"):
        leave_one_out(RESULTS, ["shipped", "missing-preset"], k=10)
