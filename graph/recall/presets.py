"""Named retrieval recipes: each mode is a frozen preset, never a bag of flags on a call.

The numbers were chosen on the LoCoMo dev split as a whole, never per question (the evaluation
report in docs/evaluation.md has the runs):
- a candidate pool of 100 per list: the top 20 distinct turns never need more EDUs than that;
- reciprocal rank fusion with k = 60, its published default (Cormack et al., 2009);
- "in context" presets search each EDU together with the turn before it (often the question
  it answers: the benchmark's single-hop answers mostly are). The previous turn is a second
  fulltext field, weighted 0.5 because a word of the EDU itself says more than a word of the
  turn before it (1.0 let context matches push out same-topic EDUs: temporal recall fell
  12 points; 0.3 lost most of the gain), and a second embedding of "<EDU> || previous: <turn>".
  The "-no-context" presets search the EDU text alone, for comparison.
- BM25 matches each EDU's search key (its text after the day it was said), and an EDU that only
  asks counts half its score: 0.5 was chosen on four conversations in each of the five
  leave-one-out folds (R@10 75.9 held out; 1.0 gave 73.7, 0.3 gave 75.6).
- Time: an EDU whose time overlaps the time a question names counts twice (time_weight 2;
  1 / 1.5 / 3 gave associative R@10 80.0 / 80.6 / 80.5 against 80.5), and for a "when"
  question a dated EDU counts 1.5 times (1 / 2 gave 80.2 / 80.2). Leave-one-out held-out R@10
  80.5 for each.

``associative`` adds propagation (graph/recall/associative.py): the top 30 search EDUs, weighted
by their fused score, and the entities the question names, weighted by match / sessions, restart
a personalized PageRank (damping 0.7) over entity links (mentions and synonymy); entity seeds get
a fifth of the restart mass. Then a learned model orders every candidate of both lists
(graph/recall/ranker.py) from what the search and the propagation computed of it
(graph/recall/features.py): it replaces the hand-set multipliers (a question's or a dated EDU's
weight, the time weight, the session lift, the RRF of the two rankings), which did not carry
over to conversations they were not chosen on (docs/evaluation.md, issue 29). Its search and
propagation therefore run without them: the model reads those facts as features.
``associative-handset`` is the recipe before it: an EDU that only asks counts half, a dated one
1.5 times for a "when" question, one whose time overlaps the question's twice, candidates lifted
by their session × (1 + 2 × (session's best / best) ^ 8), and the two rankings fused by RRF.
Spreading through scenes (EDU–scene links) or turns too is measured as an ablation; on the dev
split both cost multi-hop recall (42.5 and 41.0 against 43.3 at R@10), so neither is on.
Each number was the best of a sweep on the dev split (docs/evaluation.md lists the sweep); the
ablation presets change one of them.
"""

from dataclasses import dataclass, replace
from types import MappingProxyType

from hippograph.graph.gds.projection import ENTITY_LINK, SCENE_LINK, TURN_LINK
from hippograph.graph.recall.model import RecallMode

# The shipped ranking model's file among graph/recall's package data (graph/recall/ranker.py).
SHIPPED = "ranker.txt"
# Projection relationships above which local propagation costs less than PageRank over the
# whole warm projection: at 10k EDUs (68k relationships) the warm projection answered in 43 ms
# at p95 against 100 ms, at 100k EDUs (606k) in 180 against 145 (docs/performance.md, issue 30).
LOCAL_ABOVE = 300_000


@dataclass(frozen=True, kw_only=True)
class RecallPreset:
    name: str
    mode: RecallMode
    dense_pool: int = 0
    lexical_pool: int = 0
    dense_weight: float = 0.0
    lexical_weight: float = 0.0
    rrf_k: int = 60
    in_context: bool = True
    context_boost: float = 0.5
    # A search score is multiplied by this for an EDU that only asks ("Mel asked Caroline: …"):
    # it shares the words of a question about the topic, but answers nothing.
    question_weight: float = 0.5
    # For a question that asks for a time ("When …?"), a dated EDU's score is multiplied by
    # this: the answer is a statement with a date.
    dated_weight: float = 1.5
    # For a question that names a time ("in May 2023", "last summer"), an EDU whose time (event
    # date, else its session's day) overlaps it has its search score multiplied by this.
    time_weight: float = 2.0
    # A candidate's score is multiplied by 1 + lift × (its session's best score / the best
    # score) ^ sharpness: the sessions holding the best candidates lend weight to their other
    # candidates, since an answer's session shows in its neighbours' words too. Off (0) in the
    # search presets; associative recall turns it on.
    session_lift: float = 0.0
    session_sharpness: float = 8.0
    # With filters, candidates come from deeper in each list, so that a narrow filter still
    # leaves k hits when the scope has them.
    filtered_pool: int = 1_000
    # Associative recall: 0 seeds means no propagation at all.
    seeds: int = 0
    entity_share: float = 0.0
    entity_pool: int = 10
    entity_min_similarity: float = 0.5
    damping: float = 0.7
    iterations: int = 20
    relationship_types: tuple[str, ...] = (ENTITY_LINK,)
    # Propagation runs over the scope's warm projection while it holds at most this many
    # relationships, and over a projection of the seeds' neighbourhood otherwise, or when the
    # scope has no warm projection (graph/recall/associative.py). None: always the warm
    # projection, built when missing (local propagation links entities only).
    local_above: int | None = LOCAL_ABOVE
    activation_weight: float = 1.0
    # The learned ranking's model (package data of graph/recall, ranker.py): when set, it orders
    # the candidates of the search and the propagation, instead of their RRF.
    ranker: str | None = None

    def dated_weight_for(self, asks_when: bool) -> float:
        """The weight of dated EDUs for a question: only one that asks for a time uses it."""
        return self.dated_weight if asks_when else 1.0

    def pools(self, k: int, narrowing: bool) -> tuple[int, int, int]:
        """Candidates to take from the plain vector, context vector and fulltext indexes."""

        def size(pool: int) -> int:
            return max(pool, k, self.filtered_pool if narrowing else 0) if pool else 0

        dense = size(self.dense_pool)
        return (
            (0, dense, size(self.lexical_pool))
            if self.in_context
            else (dense, 0, size(self.lexical_pool))
        )

    @property
    def fields(self) -> MappingProxyType[str, float]:
        """Fulltext fields to search, with their boosts."""
        fields = {"key": 1.0} | ({"context": self.context_boost} if self.in_context else {})
        return MappingProxyType(fields)


def _modes(in_context: bool) -> list[RecallPreset]:
    suffix = "" if in_context else "-no-context"
    return [
        RecallPreset(
            name=f"dense{suffix}",
            mode=RecallMode.DENSE,
            dense_pool=100,
            dense_weight=1.0,
            in_context=in_context,
        ),
        RecallPreset(
            name=f"lexical{suffix}",
            mode=RecallMode.LEXICAL,
            lexical_pool=100,
            lexical_weight=1.0,
            in_context=in_context,
        ),
        RecallPreset(
            name=f"hybrid{suffix}",
            mode=RecallMode.HYBRID,
            dense_pool=100,
            lexical_pool=100,
            dense_weight=1.0,
            lexical_weight=1.0,
            in_context=in_context,
        ),
    ]


def _associative() -> list[RecallPreset]:
    handset = RecallPreset(
        name="associative-handset",
        mode=RecallMode.ASSOCIATIVE,
        dense_pool=100,
        lexical_pool=100,
        dense_weight=1.0,
        lexical_weight=1.0,
        seeds=30,
        entity_share=0.2,
        session_lift=2.0,
        # 10 PageRank iterations rank as 20 do on the dev split (R@10 72.6 / 72.5, multi-hop
        # 42.0 / 42.2, R@500 tok 83.0 / 83.0) for about half the GDS time; 5 lose open-domain
        # R@500 tok (54.4 against 57.8). docs/evaluation.md has the run.
        iterations=10,
    )
    learned = replace(
        handset,
        name="associative",
        question_weight=1.0,
        dated_weight=1.0,
        time_weight=1.0,
        session_lift=0.0,
        ranker=SHIPPED,
        # Each PageRank iteration costs about 0.8 ms on a conversation's projection; 7 rank
        # as 10 do on every dev conversation (R@10 86.2 either way; 5 gave 86.0, 3 gave 85.5:
        # docs/performance.md, issue 30).
        iterations=7,
    )
    return [
        learned,
        replace(learned, name="associative-no-entity-seeds", entity_share=0.0),
        replace(
            learned,
            name="associative-with-scenes",
            relationship_types=(ENTITY_LINK, SCENE_LINK),
            local_above=None,
        ),
        replace(
            learned,
            name="associative-with-turns",
            relationship_types=(ENTITY_LINK, TURN_LINK),
            local_above=None,
        ),
        replace(learned, name="associative-local", local_above=0),
        replace(learned, name="associative-warm", local_above=None),
        handset,
        replace(handset, name="associative-handset-no-ppr", activation_weight=0.0),
    ]


PRESETS: dict[str, RecallPreset] = {
    p.name: p for p in _modes(True) + _modes(False) + _associative()
}
HYBRID = PRESETS["hybrid"]
ASSOCIATIVE = PRESETS["associative"]
