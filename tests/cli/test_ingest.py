"""`hippograph ingest`, `stats` and `delete` against the real server."""

import json
from pathlib import Path

from hippograph.graph.connection import Neo4jConfig
from tests.cli.commands import cli


def _cells(table: str) -> set[tuple[str, ...]]:
    """The (kind, name, count) rows of the stats table."""
    rows = [line.split("│")[1:4] for line in table.splitlines() if line.count("│") == 4]
    return {tuple(cell.strip() for cell in row) for row in rows}


def test_ingest_then_stats_then_delete(
    tmp_path: Path, neo4j_config: Neo4jConfig, scope: str
) -> None:
    source = tmp_path / "trip.jsonl"
    source.write_text(
        "\n".join(
            json.dumps(line)
            for line in [
                {
                    "session": "d1",
                    "started_at": "2024-03-02T18:30:00",
                    "turns": [
                        {"speaker": "Ana", "text": "We booked Lisbon for next month!"},
                        {"speaker": "Ben", "text": "I can't wait to see the Belém tower."},
                    ],
                },
                {
                    "session": "d2",
                    "started_at": "2024-03-09T10:00:00",
                    "turns": [
                        {"speaker": "Ana", "text": "My sister Carla is joining us in Lisbon."}
                    ],
                },
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    done = cli(neo4j_config, "ingest", str(source), "--format", "jsonl", "--scope", scope)
    assert done.returncode == 0, done.stderr
    assert "Stored 2 sessions (3 turns" in done.stdout
    assert f"into scope {scope} (2)" in done.stdout  # the summary names where it wrote
    # Without a terminal the progress is plain lines on stderr, not a bar drawn at the end.
    assert "sessions: 2/2 (100%) 3 turns" in done.stderr, done.stderr

    stats = cli(neo4j_config, "stats", "--scope", scope)
    assert stats.returncode == 0, stats.stderr
    cells = _cells(stats.stdout)
    assert ("nodes", "Session", "2") in cells and ("nodes", "Turn", "3") in cells
    assert ("relationships", "NEXT", "1") in cells

    missing = cli(neo4j_config, "delete", "--scope", scope, "--session", "trip/d9")
    assert missing.returncode == 1 and "nothing deleted" in missing.stdout
    assert cli(neo4j_config, "delete", "--scope", scope, "--session", "trip/d2").returncode == 0
    after = _cells(cli(neo4j_config, "stats", "--scope", scope).stdout)
    assert ("nodes", "Session", "1") in after and ("nodes", "Turn", "2") in after
    assert cli(neo4j_config, "delete", "--scope", scope).returncode == 0
    assert "Session" not in cli(neo4j_config, "stats", "--scope", scope).stdout


def test_a_bad_file_is_refused_before_anything_is_stored(
    tmp_path: Path, neo4j_config: Neo4jConfig, scope: str
) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_text('{"session": "ok", "turns": [{"speaker": "A", "text": "hi there"}]}\n{oops\n')
    done = cli(neo4j_config, "ingest", str(source), "--format", "jsonl", "--scope", scope)
    assert done.returncode == 1
    assert "bad.jsonl: line 2: malformed JSON" in done.stderr
    assert "Session" not in cli(neo4j_config, "stats", "--scope", scope).stdout


def test_ingest_reports_a_replaced_session_and_refuses_one_when_asked(
    tmp_path: Path, neo4j_config: Neo4jConfig, scope: str
) -> None:
    def session(text: str) -> str:
        turns = [{"speaker": "Ana", "text": text}, {"speaker": "Ben", "text": "Noted."}]
        return json.dumps({"conversation": "vault", "session": "d1", "turns": turns}) + "\n"

    source = tmp_path / "vault.jsonl"
    source.write_text(session("The vault code is red."), encoding="utf-8")
    assert cli(neo4j_config, "ingest", str(source), "--format", "jsonl", "--scope", scope
                ).returncode == 0  # fmt: skip
    source.write_text(session("The vault code is blue."), encoding="utf-8")
    refused = cli(neo4j_config, "ingest", str(source), "--format", "jsonl", "--scope", scope,
                   "--on-conflict", "fail")  # fmt: skip
    assert refused.returncode == 1
    assert "refused: scope" in refused.stderr and "'vault/d1' with other content" in refused.stderr
    assert (
        "Stored 0 sessions" in refused.stdout and "1 refused (--on-conflict fail)" in refused.stdout
    )
    replaced = cli(neo4j_config, "ingest", str(source), "--format", "jsonl", "--scope", scope)
    assert replaced.returncode == 0, replaced.stderr
    assert "Stored 1 sessions" in replaced.stdout
    assert "1 replaced sessions stored with other content" in replaced.stdout
    assert cli(neo4j_config, "delete", "--scope", scope).returncode == 0
