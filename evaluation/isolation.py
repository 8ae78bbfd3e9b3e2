"""Whether other tenants move a scope's recall: the benchmark's questions recalled in their own
scopes, scored per scope, at each stage of a run that fills the database around them (other
scopes beside them, millions of vectors inserted and deleted).

Dense recall is the measure: the vector indexes are shared by every scope, and their search
filters by scope inside an approximate (HNSW) graph that the others' vectors shape too. The
lexical index is the scope's own, in memory, and cannot move.
"""

from collections.abc import Sequence
from itertools import groupby

from neo4j import AsyncDriver

from hippograph.evaluation.harness import EvalConfig, run_edu_modes, score
from hippograph.graph.recall.model import RecallQuery
from hippograph.graph.recall.presets import RecallPreset
from hippograph.ingest.formats.questions import Question

K = 10


async def recall_by_scope(
    driver: AsyncDriver,
    database: str,
    questions: Sequence[Question],
    queries: Sequence[RecallQuery],
    preset: RecallPreset,
    prefix: str,
) -> dict[str, float]:
    """R@10 (%) of ``preset`` per conversation scope, as the evaluation scores it."""
    config = EvalConfig(presets=(preset,), ks=(K,), budgets=(), scope_prefix=prefix)
    (run,) = await run_edu_modes(driver, database, questions, queries, config, 0.0)
    by_scope = sorted(questions, key=lambda q: q.conversation_id)
    return {
        prefix + conversation: 100 * score(run, list(group), (K,), ()).recall[K]
        for conversation, group in groupby(by_scope, key=lambda q: q.conversation_id)
    }
