"""One evaluation run: our recall modes and the turn baselines over the same questions.

Every system yields, per question, ranked units (EDUs or turns) and the seconds the ranking
took; :func:`score` turns them into the metrics of :mod:`hippograph.evaluation.metrics`,
per category and overall. Nothing here is tuned per question: presets are fixed objects.
"""

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from neo4j import AsyncDriver

from hippograph.evaluation.baselines import TurnBaselines
from hippograph.evaluation.latency import percentile
from hippograph.evaluation.metrics import (
    Unit,
    all_at,
    budget_recall,
    ranked_turns,
    recall_at,
    reciprocal_rank,
    session_recall_at,
)
from hippograph.graph.connection import Neo4jConfig
from hippograph.graph.gds.projection import SCENE_LINK
from hippograph.graph.gds.scenes import build_scenes
from hippograph.graph.recall.engine import recall
from hippograph.graph.recall.lexical import LexicalIndexes
from hippograph.graph.recall.model import RecallHit, RecallQuery
from hippograph.graph.recall.presets import RecallPreset
from hippograph.ingest.formats.questions import Question
from hippograph.ingest.recall_query import QueryPreparer

KS = (5, 10, 20)
BUDGETS = (200, 500, 1000)
# EDUs asked of each recall: enough to fill 20 distinct turns and a 1,000-token budget.
DEPTH = 100


@dataclass(frozen=True, kw_only=True)
class EvalConfig:
    presets: tuple[RecallPreset, ...]
    ks: tuple[int, ...] = KS
    budgets: tuple[int, ...] = BUDGETS
    depth: int = DEPTH
    scope_prefix: str = "eval-"


@dataclass
class SystemRun:
    """One system's answers to every question: ranked units and seconds per question."""

    name: str
    family: str  # "EDU" for ours, "turn" for baselines
    index_seconds: float
    units: dict[str, list[Unit]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def session_of(turn_id: str) -> str:
    """LoCoMo's ``D3:7`` → ``D3``; LongMemEval's ``<session>:<index>`` → ``<session>``."""
    return turn_id.rsplit(":", 1)[0]


def edu_units(hits: Sequence[RecallHit]) -> list[Unit]:
    """EDU hits as units: their text, citing the turns they state (not their context)."""
    return [Unit(hit.text, tuple(t.source_id for t in hit.turns)) for hit in hits]


async def build_what_modes_need(
    driver: AsyncDriver,
    neo4j: Neo4jConfig,
    scopes: Sequence[str],
    presets: Sequence[RecallPreset],
    on_scope: Callable[[str], None] = lambda _: None,
) -> bool:
    """Scenes for every scope when a preset spreads through them (else that mode would silently
    measure plain associative recall); whether they were built."""
    if not any(SCENE_LINK in p.relationship_types for p in presets):
        return False
    for scope in scopes:
        on_scope(scope)
        await build_scenes(driver, neo4j, scope)
    return True


async def run_edu_modes(
    driver: AsyncDriver,
    database: str,
    questions: Sequence[Question],
    queries: Sequence[RecallQuery],
    config: EvalConfig,
    ingest_seconds: float,
    advance: Callable[[], None] = lambda: None,
) -> list[SystemRun]:
    runs = []
    lexicon = LexicalIndexes()  # as a server keeps them
    for preset in config.presets:
        run = SystemRun(preset.name, "EDU", ingest_seconds)
        for question, query in zip(questions, queries, strict=True):
            scope = config.scope_prefix + question.conversation_id
            started = time.perf_counter()
            hits = await recall(
                driver, database, scope, query, k=config.depth, preset=preset, lexicon=lexicon
            )
            seconds = time.perf_counter() - started
            run.units[question.id] = edu_units(hits)
            run.seconds[question.id] = seconds
            advance()
        runs.append(run)
    return runs


def run_baselines(
    baselines: TurnBaselines,
    questions: Sequence[Question],
    vectors: Sequence[Sequence[float]],
    advance: Callable[[], None] = lambda: None,
) -> list[SystemRun]:
    runs = {
        m: SystemRun(m + baselines.suffix, "turn", baselines.index_seconds)
        for m in baselines.methods
    }
    for question, vector in zip(questions, vectors, strict=True):
        ranked = baselines.rank(question.conversation_id, question.question, vector)
        for method, (units, seconds) in ranked.items():
            runs[method].units[question.id] = units
            runs[method].seconds[question.id] = seconds
        advance()
    return list(runs.values())


@dataclass(frozen=True)
class Scores:
    """Mean metrics (0–1) over a group of questions."""

    questions: int
    recall: dict[int, float]
    all_evidence: dict[int, float]
    session_recall: dict[int, float]
    mrr: float
    budget: dict[int, float]


def score(
    run: SystemRun, questions: Sequence[Question], ks: Sequence[int], budgets: Sequence[int]
) -> Scores:
    def mean(values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    turns = {q.id: ranked_turns(run.units[q.id]) for q in questions}
    return Scores(
        questions=len(questions),
        recall={k: mean([recall_at(turns[q.id], q.evidence, k) for q in questions]) for k in ks},
        all_evidence={k: mean([all_at(turns[q.id], q.evidence, k) for q in questions]) for k in ks},
        session_recall={
            k: mean([session_recall_at(turns[q.id], q.evidence, k, session_of) for q in questions])
            for k in ks
        },
        mrr=mean([reciprocal_rank(turns[q.id], q.evidence) for q in questions]),
        budget={
            b: mean([budget_recall(run.units[q.id], q.evidence, b) for q in questions])
            for b in budgets
        },
    )


def latency_ms(run: SystemRun) -> tuple[float, float]:
    """Median and 95th percentile of the seconds per question, in milliseconds."""
    values = list(run.seconds.values())
    if not values:
        return 0.0, 0.0
    return statistics.median(values) * 1000, percentile(values, 0.95) * 1000


def answerable_questions(
    preparer: QueryPreparer, questions: Sequence[Question], prefix: str
) -> list[tuple[str, RecallQuery]]:
    """The questions that have evidence, prepared, each with the scope its conversation was
    ingested into (``prefix`` + conversation id)."""
    kept = [q for q in questions if not q.unanswerable]
    prepared = prepare_questions(preparer, kept)
    return [(prefix + q.conversation_id, query) for q, query in zip(kept, prepared, strict=True)]


def prepare_questions(preparer: QueryPreparer, questions: Sequence[Question]) -> list[RecallQuery]:
    """Each question relative to its own asking time (LongMemEval), in batches per time."""
    prepared: dict[str, RecallQuery] = {}
    ordered = sorted(questions, key=lambda q: q.asked_at.isoformat() if q.asked_at else "")
    for asked_at, group in groupby(ordered, key=lambda q: q.asked_at):
        batch = list(group)
        found = preparer.prepare_many([q.question for q in batch], asked_at)
        prepared.update({q.id: query for q, query in zip(batch, found, strict=True)})
    return [prepared[q.id] for q in questions]
