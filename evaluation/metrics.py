"""Evidence metrics over ranked results, with the definitions of the LoCoMo dev split's README.

A system returns ranked *units* (turns, or EDUs that cite turns). Units are mapped to a ranked
list of distinct turns, the first citation of a turn fixing its rank, and every cut-off ``k``
counts turns, not units, so systems with small units gain nothing from that alone.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(r"\w+|[^\w\s]")


@lru_cache(maxsize=1 << 16)  # budgets re-count the same results many times
def count_tokens(text: str) -> int:
    """Words and punctuation marks: close to what an LLM tokenizer gives for English chat,
    and independent of any one model (so budgets compare systems, not tokenizers)."""
    return len(_TOKEN.findall(text))


@dataclass(frozen=True)
class Unit:
    """One ranked result: the text it would put in a prompt, and the turns it cites in order."""

    text: str
    turns: tuple[str, ...]


def ranked_turns(units: Sequence[Unit]) -> list[str]:
    """Distinct turns in order of first citation."""
    return list(dict.fromkeys(turn for unit in units for turn in unit.turns))


def recall_at(turns: Sequence[str], evidence: Sequence[str], k: int) -> float:
    """Share of the evidence turns among the first ``k`` turns."""
    top = set(turns[:k])
    return sum(e in top for e in evidence) / len(evidence)


def all_at(turns: Sequence[str], evidence: Sequence[str], k: int) -> float:
    """1 when every evidence turn is among the first ``k`` turns, else 0."""
    return float(set(evidence) <= set(turns[:k]))


def reciprocal_rank(turns: Sequence[str], evidence: Sequence[str]) -> float:
    """1 / the rank of the first evidence turn; 0 when none was returned."""
    wanted = set(evidence)
    return next((1.0 / rank for rank, t in enumerate(turns, 1) if t in wanted), 0.0)


def session_recall_at(
    turns: Sequence[str], evidence: Sequence[str], k: int, session_of: Callable[[str], str]
) -> float:
    """Share of the evidence's sessions that have a turn among the first ``k`` turns."""
    wanted = {session_of(e) for e in evidence}
    return len(wanted & {session_of(t) for t in turns[:k]}) / len(wanted)


def within_budget(units: Sequence[Unit], budget: int) -> list[Unit]:
    """The leading units whose texts together fit in ``budget`` tokens: what a prompt of that
    size can hold. Stops at the first unit that does not fit (no skipping ahead)."""
    taken, used = [], 0
    for unit in units:
        used += count_tokens(unit.text)
        if used > budget:
            break
        taken.append(unit)
    return taken


def budget_recall(units: Sequence[Unit], evidence: Sequence[str], budget: int) -> float:
    """Evidence recall of the turns cited by the units that fit in ``budget`` tokens."""
    cited = set(ranked_turns(within_budget(units, budget)))
    return sum(e in cited for e in evidence) / len(evidence)
