"""Evidence metrics, on hand-made rankings whose answers can be worked out on paper."""

import pytest

from hippograph.evaluation.baselines import rrf
from hippograph.evaluation.harness import session_of
from hippograph.evaluation.metrics import (
    Unit,
    all_at,
    budget_recall,
    count_tokens,
    ranked_turns,
    recall_at,
    reciprocal_rank,
    session_recall_at,
    within_budget,
)

EDUS = [
    Unit("Ana booked Lisbon.", ("D1:2",)),
    Unit("Ana's sister Carla joins.", ("D1:2",)),  # same turn again: no new rank
    Unit("Ben answered Ana's question: the tower.", ("D2:4", "D2:3")),
    Unit("Carla likes trams.", ("D3:1",)),
]


def test_units_map_to_distinct_turns_with_the_first_citation_winning() -> None:
    assert ranked_turns(EDUS) == ["D1:2", "D2:4", "D2:3", "D3:1"]


def test_recall_at_k_cuts_at_k_turns_not_k_units() -> None:
    turns = ranked_turns(EDUS)
    assert recall_at(turns, ["D2:3", "D3:1"], 2) == 0.0
    assert recall_at(turns, ["D2:3", "D3:1"], 3) == 0.5
    assert recall_at(turns, ["D2:3", "D3:1"], 4) == 1.0


def test_all_evidence_needs_every_turn() -> None:
    turns = ranked_turns(EDUS)
    assert all_at(turns, ["D1:2", "D3:1"], 3) == 0.0
    assert all_at(turns, ["D1:2", "D3:1"], 4) == 1.0


def test_reciprocal_rank_is_that_of_the_first_evidence_turn_or_zero() -> None:
    turns = ranked_turns(EDUS)
    assert reciprocal_rank(turns, ["D3:1", "D2:3"]) == pytest.approx(1 / 3)
    assert reciprocal_rank(turns, ["D9:9"]) == 0.0


def test_session_recall_counts_evidence_sessions_reached_in_the_top_k_turns() -> None:
    turns = ranked_turns(EDUS)
    assert session_recall_at(turns, ["D1:5", "D3:1"], 2, session_of) == 0.5
    assert session_recall_at(turns, ["D1:5", "D3:1"], 4, session_of) == 1.0
    assert session_of("answer_280352e9:3") == "answer_280352e9"


def test_tokens_are_words_and_punctuation_marks() -> None:
    assert count_tokens("Ana's sister, Carla!") == 7  # Ana ' s sister , Carla !


def test_a_budget_takes_leading_units_and_stops_at_the_first_that_does_not_fit() -> None:
    sizes = [count_tokens(u.text) for u in EDUS]
    assert sizes == [4, 7, 10, 4]
    assert within_budget(EDUS, 10) == EDUS[:1]
    assert within_budget(EDUS, 11) == EDUS[:2]
    # The fourth unit would fit in what is left, but budgets never skip ahead.
    assert within_budget(EDUS, 20) == EDUS[:2]
    assert budget_recall(EDUS, ["D2:3", "D1:2"], 11) == 0.5
    assert budget_recall(EDUS, ["D2:3", "D1:2"], 21) == 1.0
    assert budget_recall(EDUS, ["D2:3"], 3) == 0.0


def test_reciprocal_rank_fusion_rewards_agreement_and_breaks_ties_by_position() -> None:
    # 0 and 2 (1st and 3rd, either way round) edge out 1 (2nd twice): 1/61 + 1/63 > 2/62.
    assert rrf([0, 1, 2], [2, 1, 0]) == [0, 2, 1]
    fused = rrf([0, 1, 2], [1, 2, 0])
    # 1 is 2nd and 1st: 1/62 + 1/61 beats 0's 1/61 + 1/63.
    assert fused[0] == 1
    assert rrf([3, 4], [4, 3]) == [3, 4]  # equal scores: the smaller position first
