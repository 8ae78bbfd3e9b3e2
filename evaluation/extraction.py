"""Measuring an extractor on a LoCoMo file: speed, evidence-turn coverage, speaker grounding."""

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hippograph.graph.model import EDU, Scope
from hippograph.ingest.extract.extractor import Extractor
from hippograph.ingest.formats.locomo import load_locomo_questions

# An EDU must never begin with a bare first/second-person pronoun: it would not say who.
_BARE_PRONOUN = re.compile(
    r"^(i|i'm|i've|i'd|i'll|me|my|mine|we|we're|us|our|you|you're|your)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class ExtractBenchmark:
    sessions: int
    turns: int
    edus: int
    seconds: float
    evidence_turns: int
    covered_evidence_turns: int
    missed_evidence: list[str]
    pronoun_starts: list[str]
    dropped_turns: int

    @property
    def turns_per_second(self) -> float:
        return self.turns / self.seconds if self.seconds else 0.0

    @property
    def coverage(self) -> float:
        return self.covered_evidence_turns / self.evidence_turns if self.evidence_turns else 1.0

    @property
    def pronoun_start_rate(self) -> float:
        return len(self.pronoun_starts) / self.edus if self.edus else 0.0


def bench_extract(
    path: Path, extractor: Extractor, progress: Callable[[int], None] = lambda _: None
) -> ExtractBenchmark:
    """Extract every session of ``path`` and measure; ``progress`` is told turns done."""
    question_set = load_locomo_questions(path)
    loaded, questions = question_set.loaded, question_set.questions
    edus: list[EDU] = []
    dropped = 0
    started = time.perf_counter()
    for conversation in loaded.conversations:
        scope = Scope(id=conversation.id)
        for session in conversation.sessions:
            extraction = extractor.extract(scope, session)
            edus.extend(extraction.edus)
            dropped += len(extraction.dropped_turn_ids)
            progress(len(session.turns))
    seconds = time.perf_counter() - started
    cited = {(edu.scope, turn) for edu in edus for turn in edu.turn_ids}
    evidence = {
        (q.conversation_id, turn) for q in questions if not q.unanswerable for turn in q.evidence
    }
    missed = sorted(f"{c} {t}" for c, t in evidence - cited)
    return ExtractBenchmark(
        sessions=loaded.session_count,
        turns=loaded.turn_count,
        edus=len(edus),
        seconds=seconds,
        evidence_turns=len(evidence),
        covered_evidence_turns=len(evidence) - len(missed),
        missed_evidence=missed,
        pronoun_starts=[edu.text for edu in edus if _BARE_PRONOUN.match(edu.text)],
        dropped_turns=dropped,
    )
