"""Entity synonymy (SIMILAR_TO) from embedding similarity, chosen conservatively.

Only concept-like entities are linked: never people (aliases handle names, and two people
with similar names are still two people), never identifiers ("SR-2023-052" ≈ "SR-2023-053"
by embedding, but they are different tickets), and never two possessions of different owners
("melanie mom" and "caroline mom" are different mothers).
"""

from collections.abc import Mapping, Sequence

import numpy as np

from hippograph.graph.model import EntityType
from hippograph.graph.store import SimilarPair
from hippograph.ingest.text.entity_keys import is_identifier

# e5-small-v2 puts unrelated names close together (its cosines crowd between 0.7 and 1): at 0.9,
# the all-MiniLM-L6-v2 threshold, it linked 15,349 pairs on the LoCoMo dev split ("chair" ~
# "table", "Joanna's allergies" ~ "Joanna's writing"); about half of those at 0.95-0.96 are wrong,
# while those at 0.97 and above are near-synonyms ("pic" ~ "picture", "NYC" ~ "New York City"):
# 126 pairs. Associative R@10 was 81.1 with the 15,349 and 81.0 with the 126 (docs/evaluation.md).
THRESHOLD = 0.97
_NEVER = {EntityType.PERSON, EntityType.IDENTIFIER}


def _owner(key: str, people: set[str]) -> str | None:
    first = key.split(" ", 1)[0]
    return first if " " in key and first in people else None


def similar_pairs(
    new: Mapping[str, tuple[Sequence[float], EntityType]],
    existing: Mapping[str, tuple[Sequence[float], EntityType]],
    people: set[str],
    threshold: float = THRESHOLD,
) -> list[SimilarPair]:
    """Pairs (new × new-or-existing) whose cosine similarity reaches ``threshold``."""

    def eligible(key: str, kind: EntityType) -> bool:
        return kind not in _NEVER and not is_identifier(key) and not any(c.isdigit() for c in key)

    left = [k for k, (_, kind) in new.items() if eligible(k, kind)]
    pool = {**existing, **new}
    right = [k for k, (_, kind) in pool.items() if eligible(k, kind)]
    if not left or not right:
        return []
    a = np.asarray([new[k][0] for k in left], dtype=np.float32)
    b = np.asarray([pool[k][0] for k in right], dtype=np.float32)
    a /= np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    b /= np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    scores = a @ b.T
    pairs: dict[tuple[str, str], float] = {}
    for i, j in zip(*np.nonzero(scores >= threshold), strict=True):
        x, y = left[i], right[j]
        if x == y or _owner(x, people) != _owner(y, people):
            continue
        pairs[(min(x, y), max(x, y))] = float(scores[i, j])
    return [SimilarPair(a, b, round(score, 4)) for (a, b), score in sorted(pairs.items())]
