"""`hippograph append`: turns from a pipe or a file appended one at a time, each recallable
before the next is read; sending the same file again stores nothing twice; a bad line is
refused with its line number."""

import json
from pathlib import Path

from hippograph.graph.connection import Neo4jConfig
from tests.cli.commands import cli

TURNS = [
    {"id": "t1", "speaker": "Ana", "text": "I started a new job at Bosch yesterday."},
    {"id": "t2", "speaker": "Ben", "text": "Congrats! Who is your manager?"},
]


def test_turns_piped_in_are_appended_and_a_second_run_stores_nothing(
    neo4j_config: Neo4jConfig, scope: str
) -> None:
    lines = "\n".join(json.dumps(t) for t in TURNS) + "\nMy manager is called Petra.\n"
    args = ("append", "--scope", scope, "--session", "2025-05-02", "--speaker", "Ana",
            "--started-at", "2025-05-02T09:00:00")  # fmt: skip
    first = cli(neo4j_config, *args, input=lines)
    assert first.returncode == 0, first.stderr
    assert "chat/2025-05-02 turn t1 at 0: stored" in first.stdout
    assert "chat/2025-05-02 turn 2025-05-02:2 at 2: stored" in first.stdout
    assert "3 turns sent, 3 stored" in first.stdout
    again = cli(neo4j_config, *args, input="\n".join(json.dumps(t) for t in TURNS))
    assert "2 turns sent, 0 stored (2 were stored already)" in again.stdout, again.stdout
    found = cli(neo4j_config, "recall", "Who is Ana's manager?", "--scope", scope)
    assert "Petra" in found.stdout, found.stdout


def test_a_bad_line_is_refused_with_its_number_after_the_lines_before_it(
    tmp_path: Path, neo4j_config: Neo4jConfig, scope: str
) -> None:
    source = tmp_path / "turns.jsonl"
    source.write_text(json.dumps(TURNS[0]) + '\n{"speaker": "Ben"\n', encoding="utf-8")
    refused = cli(neo4j_config, "append", "--scope", scope, "--session", "s1", str(source))
    assert refused.returncode == 1
    assert f"{source}: line 2:" in refused.stderr, refused.stderr
