"""`hippograph scenes build|list`, `persona`, `related`, `recall` and `history` against the
real server."""

import json
import uuid
from pathlib import Path

import pytest

from hippograph.graph.connection import Neo4jConfig
from tests.cli.commands import cli
from tests.ingest.conversations import MOVES

SESSIONS = [
    {
        "session": "s1",
        "started_at": "2024-04-06T09:00:00",
        "turns": [
            {"speaker": "Mira", "text": "I love sailing my dinghy on Lake Orla."},
            {"speaker": "Jonas", "text": "Is the dinghy the red one with the blue sail?"},
            {"speaker": "Mira", "text": "Yes, the dinghy has a blue sail and a red hull."},
        ],
    },
    {
        "session": "s2",
        "started_at": "2024-05-11T09:00:00",
        "turns": [
            {"speaker": "Jonas", "text": "The regatta on Lake Orla starts at ten on Saturday."},
            {"speaker": "Mira", "text": "I want to win the regatta with my dinghy this year."},
            {"speaker": "Jonas", "text": "My brother Timo restores old dinghies in his barn."},
        ],
    },
]


@pytest.fixture(scope="module")
def sailing(tmp_path_factory: pytest.TempPathFactory, neo4j_config: Neo4jConfig) -> str:
    source = tmp_path_factory.mktemp("sailing") / "sailing.jsonl"
    source.write_text("\n".join(json.dumps(s) for s in SESSIONS) + "\n", encoding="utf-8")
    scope = f"test-cli-{uuid.uuid4().hex[:8]}"
    done = cli(neo4j_config, "ingest", str(source), "--format", "jsonl", "--scope", scope)
    assert done.returncode == 0, done.stderr
    built = cli(neo4j_config, "scenes", "build", "--scope", scope)
    assert built.returncode == 0, built.stderr
    assert "Scenes built" in built.stdout and scope in built.stdout
    return scope


def test_scenes_list_shows_the_built_scenes(neo4j_config: Neo4jConfig, sailing: str) -> None:
    listed = cli(neo4j_config, "scenes", "list", "--scope", sailing)
    assert listed.returncode == 0, listed.stderr
    assert "Scenes of " + sailing in listed.stdout and "dinghy" in listed.stdout.lower()


def test_persona_prints_a_speakers_summary_and_facts(
    neo4j_config: Neo4jConfig, sailing: str
) -> None:
    shown = cli(neo4j_config, "persona", "mira", "--scope", sailing)
    assert shown.returncode == 0, shown.stderr
    assert "Mira" in shown.stdout and "statements in 2 sessions" in shown.stdout


def test_related_lists_what_surrounds_an_entity(neo4j_config: Neo4jConfig, sailing: str) -> None:
    shown = cli(neo4j_config, "related", "Lake Orla", "--scope", sailing)
    assert shown.returncode == 0, shown.stderr
    assert "regatta" in shown.stdout.lower() and "dinghy" in shown.stdout.lower()


def test_recall_prints_hits_with_source_turns_and_explanations(
    neo4j_config: Neo4jConfig, sailing: str
) -> None:
    shown = cli(neo4j_config, "recall", "What colour is Mira's sail?", "--scope", sailing)
    assert shown.returncode == 0, shown.stderr
    text = " ".join(shown.stdout.split())
    assert "blue sail" in text and "s1:" in text and "similar in meaning" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scenes", "build", "--scope", "test-cli-nothing-here"], "holds no sessions"),
        (["persona", "Nobody", "--scope", "{scope}"], "no persona for 'Nobody'"),
        (["related", "x' OR 1=1", "--scope", "{scope}"], "no entity"),
        (["recall", "   ", "--scope", "{scope}"], "the question is empty"),
        (["recall", "sail?", "--scope", "{scope}", "--mode", "psychic"], "unknown mode"),
    ],
)
def test_memory_commands_fail_with_one_clear_line(
    neo4j_config: Neo4jConfig, sailing: str, args: list[str], message: str
) -> None:
    failed = cli(neo4j_config, *(arg.format(scope=sailing) for arg in args))
    assert failed.returncode != 0
    assert message in " ".join(failed.stderr.split())
    assert "Traceback" not in failed.stderr


def test_recall_as_of_a_day_and_the_history_of_a_subject(
    tmp_path: Path, neo4j_config: Neo4jConfig
) -> None:
    source = tmp_path / "moves.jsonl"
    source.write_text(
        "".join(
            json.dumps({"conversation": MOVES.id, "session": s.id,
                        "started_at": s.started_at.isoformat() if s.started_at else None,
                        "turns": [{"speaker": t.speaker, "text": t.text} for t in s.turns]}) + "\n"
            for s in MOVES.sessions
        ),
        encoding="utf-8",
    )  # fmt: skip
    scope = f"test-cli-{uuid.uuid4().hex[:8]}"
    done = cli(neo4j_config, "ingest", str(source), "--format", "jsonl", "--scope", scope)
    assert done.returncode == 0, done.stderr
    assert "3 earlier statements superseded" in " ".join(done.stdout.split())
    now = cli(neo4j_config, "recall", "Where does Ana live now?", "--scope", scope)
    first = now.stdout.split("2.")[0]
    assert now.returncode == 0 and "Madrid" in first, now.stdout
    assert "superseded 2024-02-26 by: Ana and others moved to Porto" in " ".join(now.stdout.split())
    then = cli(neo4j_config, "recall", "Where did Ana live?", "--scope", scope, "--mode", "hybrid",
               "--as-of", "2024-02-01")  # fmt: skip
    assert then.returncode == 0 and "Lisbon" in then.stdout.split("2.")[0], then.stdout
    changes = cli(neo4j_config, "history", "Ana", "--scope", scope, "--attribute", "residence")
    assert changes.returncode == 0, changes.stderr
    rows = [line for line in changes.stdout.splitlines() if "residence" in line]
    assert [r.split("│")[2].strip() for r in rows] == ["lisbon", "porto", "porto", "madrid"]
    assert "now" in rows[-1]
    nobody = cli(neo4j_config, "history", "Nobody", "--scope", scope)
    assert nobody.returncode == 1 and "states no facts of 'Nobody'" in nobody.stdout
