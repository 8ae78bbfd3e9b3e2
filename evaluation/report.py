"""An evaluation's outputs: a Markdown table, a JSON file for error analysis, a PNG chart."""

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from hippograph.evaluation.harness import DEPTH, Scores, SystemRun, latency_ms, score
from hippograph.evaluation.metrics import budget_recall, ranked_turns, recall_at, reciprocal_rank
from hippograph.ingest.formats.questions import EvidenceQuirks, Question

OVERALL = "overall"


# Drawn thicker in the chart: the shipped modes.
HIGHLIGHTED = frozenset({"associative", "hybrid"})


@dataclass
class EvalReport:
    dataset: str
    questions: list[Question]
    quirks: EvidenceQuirks
    runs: list[SystemRun]
    ks: tuple[int, ...]
    budgets: tuple[int, ...]
    prepare_ms: float  # per question: date resolution, entity keys, embedding
    ingest_note: str = ""
    depth: int = DEPTH  # EDUs asked of each recall

    @property
    def categories(self) -> list[str]:
        return sorted({q.category for q in self.questions})

    def scores(self) -> dict[str, dict[str, Scores]]:
        """Scores per system, per category and overall."""
        groups = {OVERALL: self.questions} | {
            c: [q for q in self.questions if q.category == c] for c in self.categories
        }
        return {
            run.name: {g: score(run, qs, self.ks, self.budgets) for g, qs in groups.items()}
            for run in self.runs
        }


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _overall_table(
    report: EvalReport, scores: dict[str, dict[str, Scores]], k_mid: int
) -> list[str]:
    header = [
        "system",
        *(f"R@{k}" for k in report.ks),
        f"All@{k_mid}",
        "MRR",
        f"Sess-R@{k_mid}",
        *(f"R@{b} tok" for b in report.budgets),
        "p50 ms",
        "p95 ms",
        "index s",
    ]
    rows = []
    for run in report.runs:
        s = scores[run.name][OVERALL]
        p50, p95 = latency_ms(run)
        rows.append(
            [
                run.name,
                *(_pct(s.recall[k]) for k in report.ks),
                _pct(s.all_evidence[k_mid]),
                _pct(s.mrr),
                _pct(s.session_recall[k_mid]),
                *(_pct(s.budget[b]) for b in report.budgets),
                f"{p50:.1f}",
                f"{p95:.1f}",
                f"{run.index_seconds:.1f}",
            ]
        )
    return _table(header, rows)


def markdown(report: EvalReport) -> str:
    scores = report.scores()
    k_mid = report.ks[len(report.ks) // 2]
    b_mid = report.budgets[len(report.budgets) // 2]
    counts = ", ".join(
        f"{c} {sum(q.category == c for q in report.questions)}" for c in report.categories
    )
    lines = [
        f"# Recall on {report.dataset}",
        "",
        f"{len(report.questions)} questions ({counts}). Turn-evidence recall in %; cut-offs "
        "count distinct turns (an EDU counts for the turns it cites, the first citation wins); "
        "budgets count words and punctuation of the results' text.",
        "",
        *_overall_table(report, scores, k_mid),
        "",
        f"## Per category: R@{k_mid} / R@{b_mid} tok",
        "",
    ]
    per_category = [
        [
            run.name,
            *(
                f"{_pct(s.recall[k_mid])} / {_pct(s.budget[b_mid])}"
                for s in (scores[run.name][c] for c in report.categories)
            ),
        ]
        for run in report.runs
    ]
    lines += _table(["system", *report.categories], per_category)
    q = report.quirks
    lines += [
        "",
        f"Evidence quirks: {q.split} lists split, {q.repaired} ids repaired, {q.noise} noise "
        f"ids dropped, {q.unknown_turn} ids of missing turns dropped, {q.no_evidence} "
        "questions without evidence skipped.",
        f"Query preparation (dates, entities, embedding): {report.prepare_ms:.1f} ms per "
        "question, not included in the latencies above, which time one recall of "
        f"{report.depth} EDUs (search and details, plus activation in associative modes: 2 or 3 "
        "Neo4j round trips) or one ranking of every turn. Index s: this "
        f"run's ingest (EDU modes: {report.ingest_note}) or indexing (turn baselines).",
    ]
    return "\n".join(lines) + "\n"


def per_question(report: EvalReport) -> dict[str, Any]:
    """Everything needed for error analysis: each question, and each system's ranks of its
    evidence turns (null when not returned), reciprocal rank and budget recall."""
    items = []
    for q in report.questions:
        systems = {}
        for run in report.runs:
            units = run.units[q.id]
            turns = ranked_turns(units)
            position = {t: i for i, t in enumerate(turns, 1)}
            systems[run.name] = {
                "evidence_ranks": {e: position.get(e) for e in q.evidence},
                "reciprocal_rank": reciprocal_rank(turns, q.evidence),
                "budget_recall": {
                    str(b): budget_recall(units, q.evidence, b) for b in report.budgets
                },
                "top_turns": turns[:10],
                "ms": round(run.seconds[q.id] * 1000, 2),
            }
        items.append(q.model_dump(mode="json") | {"systems": systems})
    scores = report.scores()
    return {
        "dataset": report.dataset,
        "ks": list(report.ks),
        "budgets": list(report.budgets),
        "quirks": asdict(report.quirks),
        "summary": {
            name: {group: asdict(s) for group, s in groups.items()}
            for name, groups in scores.items()
        },
        "questions": items,
    }


def chart(report: EvalReport, path: Path) -> None:
    """Recall@k (k = 1…max) and recall at a token budget, one line per system (the shipped
    modes drawn thicker)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ks = list(range(1, max(report.ks) + 1))
    budgets = list(range(50, max(report.budgets) + 1, 50))
    figure, (left, right) = plt.subplots(1, 2, figsize=(15, 5.5))
    # One colour per system (up to 20 distinct), so that no two lines share colour and style.
    palette = [plt.get_cmap("tab20")(i) for i in range(20)]
    for number, run in enumerate(report.runs):
        turns = {q.id: ranked_turns(run.units[q.id]) for q in report.questions}
        n = len(report.questions)
        at_k = [
            100 * sum(recall_at(turns[q.id], q.evidence, k) for q in report.questions) / n
            for k in ks
        ]
        at_budget = [
            100 * sum(budget_recall(run.units[q.id], q.evidence, b) for q in report.questions) / n
            for b in budgets
        ]
        style = {
            "linestyle": "-" if run.family == "EDU" else "--",
            "color": palette[number % len(palette)],
            "linewidth": 2.2 if run.name in HIGHLIGHTED else 1.2,
            "label": run.name,
        }
        left.plot(ks, at_k, **style)
        right.plot(budgets, at_budget, **style)
    left.set(xlabel="k (distinct turns)", ylabel="evidence recall (%)", title="Recall@k")
    right.set(
        xlabel="context budget (tokens)", ylabel="evidence recall (%)", title="Recall at a budget"
    )
    for axis in (left, right):
        axis.grid(alpha=0.3)
    right.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.02, 0.5))
    figure.suptitle(f"{report.dataset}: {len(report.questions)} questions")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def write(report: EvalReport, folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "markdown": folder / "recall.md",
        "json": folder / "recall.json",
        "chart": folder / "recall.png",
    }
    paths["markdown"].write_text(markdown(report), encoding="utf-8")
    paths["json"].write_text(
        json.dumps(per_question(report), indent=1, default=str), encoding="utf-8"
    )
    chart(report, paths["chart"])
    return paths
