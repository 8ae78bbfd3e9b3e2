"""Named retrieval recipes: each mode is a frozen preset, never a bag of flags on a call.

The numbers were chosen on the LoCoMo dev split as a whole (see docs/evaluation.md), not per
question: a candidate pool of 100 per list reaches past every evidence turn that the top 20
turns can hold, and k = 60 is reciprocal rank fusion's published default, which no other
value we tried beat by more than noise.
"""

from dataclasses import dataclass

from graph.recall.model import RecallMode


@dataclass(frozen=True, kw_only=True)
class RecallPreset:
    name: str
    mode: RecallMode
    dense_pool: int = 0
    lexical_pool: int = 0
    dense_weight: float = 0.0
    lexical_weight: float = 0.0
    rrf_k: int = 60
    # With filters, candidates come from deeper in each list, so that a narrow filter still
    # leaves k hits when the scope has them.
    filtered_pool: int = 1_000

    def pools(self, k: int, narrowing: bool) -> tuple[int, int]:
        def size(pool: int) -> int:
            if pool == 0:
                return 0
            return max(pool, k, self.filtered_pool if narrowing else 0)

        return size(self.dense_pool), size(self.lexical_pool)


DENSE = RecallPreset(name="dense", mode=RecallMode.DENSE, dense_pool=100, dense_weight=1.0)
LEXICAL = RecallPreset(
    name="lexical", mode=RecallMode.LEXICAL, lexical_pool=100, lexical_weight=1.0
)
HYBRID = RecallPreset(
    name="hybrid",
    mode=RecallMode.HYBRID,
    dense_pool=100,
    lexical_pool=100,
    dense_weight=1.0,
    lexical_weight=1.0,
)

PRESETS: dict[str, RecallPreset] = {p.name: p for p in (DENSE, LEXICAL, HYBRID)}
