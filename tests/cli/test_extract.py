"""`hippograph extract` and `hippograph bench extract` from the command line."""

import json
import subprocess
import sys
from pathlib import Path

from tests.ingest.test_formats import LOCOMO_SAMPLE

HIPPOGRAPH = str(Path(sys.executable).parent / "hippograph")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [HIPPOGRAPH, *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_extract_writes_edus_as_json_lines(tmp_path: Path) -> None:
    source = tmp_path / "talk.jsonl"
    source.write_text(
        json.dumps(
            {
                "session": "s1",
                "started_at": "2024-06-03T10:00:00",
                "turns": [
                    {"speaker": "Ana", "text": "I adopted a cat yesterday."},
                    {"speaker": "Ben", "text": "Congrats!"},
                ],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "edus.jsonl"
    done = _run("extract", str(source), "--format", "jsonl", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "1 sessions, 2 turns → 1 EDUs" in done.stdout
    (edu,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert edu["text"] == "Ana adopted a cat on 2 June 2024."
    assert edu["turn_ids"] == ["s1:0"]


def test_a_malformed_file_is_one_clear_error_line(tmp_path: Path) -> None:
    source = tmp_path / "broken.jsonl"
    source.write_text('{"session": "s1", "turns": [\n', encoding="utf-8")
    done = _run("extract", str(source), "--format", "jsonl")
    assert done.returncode == 1
    assert "broken.jsonl: line 1: malformed JSON" in done.stderr
    assert "Traceback" not in done.stderr


def test_bench_extract_reports_coverage_and_grounding(tmp_path: Path) -> None:
    sample = json.loads(json.dumps(LOCOMO_SAMPLE))
    sample[0]["qa"] = [
        {
            "question": "What did Ines adopt?",
            "answer": "a greyhound",
            "evidence": ["D1:1"],
            "category": 4,
        }
    ]
    source = tmp_path / "locomo.json"
    source.write_text(json.dumps(sample), encoding="utf-8")
    done = _run("bench", "extract", str(source))
    assert done.returncode == 0, done.stderr
    assert "1/1 (100.0%)" in done.stdout
    assert "0 (0.00%)" in done.stdout
