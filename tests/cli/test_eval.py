"""`hippograph eval locomo` end to end on the real server: outputs, reuse, determinism; and the
benchmarks that read the same file."""

import json
import re
import uuid
from pathlib import Path

from neo4j import Driver

from hippograph.evaluation.supersession import load_set
from hippograph.graph.connection import Neo4jConfig
from tests.cli.commands import cli
from tests.evaluation.benchmark_files import locomo_sample


def test_eval_reports_every_system_and_a_second_run_reuses_and_repeats_it(
    tmp_path: Path, neo4j_config: Neo4jConfig, driver: Driver
) -> None:
    sample_id = f"cli-{uuid.uuid4().hex[:8]}"
    data = tmp_path / "tiny_locomo.json"
    data.write_text(json.dumps([locomo_sample(sample_id)]), encoding="utf-8")
    try:
        runs = []
        for attempt in ("first", "second"):
            out = tmp_path / attempt
            done = cli(
                neo4j_config,
                "eval",
                "locomo",
                str(data),
                "--modes",
                "associative,hybrid,lexical-no-context",
                "--k",
                "1,3",
                "--budgets",
                "20,60",
                "--out",
                str(out),
            )
            assert done.returncode == 0, done.stdout + done.stderr
            runs.append((done.stdout, out))
        (first_out, first), (second_out, second) = runs
        assert "2 sessions ingested, 0 reused" in " ".join(first_out.split())
        assert "0 sessions ingested, 2 reused" in " ".join(second_out.split())

        table = (first / "recall.md").read_text(encoding="utf-8")
        for system in (
            "associative",
            "hybrid",
            "lexical-no-context",
            "BM25 turns",
            "hybrid turns+context",
        ):
            assert f"| {system} |" in table
        assert "| R@1 | R@3 |" in table and "R@60 tok" in table
        assert "1 lists split, 2 ids repaired, 1 noise ids dropped" in table
        assert "4 questions (multi-hop 1, single-hop 2, temporal 1)" in table

        report = json.loads((first / "recall.json").read_text(encoding="utf-8"))
        again = json.loads((second / "recall.json").read_text(encoding="utf-8"))
        assert report["summary"] == again["summary"]
        question = next(q for q in report["questions"] if q["question"].startswith("What wood"))
        assert question["evidence"] == ["D1:2"]
        assert set(question["systems"]) >= {"hybrid", "BM25 turns"}
        assert (first / "recall.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

        chosen = cli(neo4j_config, "eval", "leave-one-out", str(first / "recall.json"),
                      "--family", "associative,hybrid", "--k", "3")  # fmt: skip
        assert chosen.returncode == 1, chosen.stdout + chosen.stderr  # one conversation only
        assert "needs at least two conversations" in " ".join(chosen.stderr.split())

        scenes = cli(neo4j_config, "eval", "locomo", str(data), "--modes",
                      "associative-with-scenes", "--out", str(tmp_path / "scenes"))  # fmt: skip
        assert scenes.returncode == 0, scenes.stdout + scenes.stderr
        assert "Scenes built for 1 scopes" in " ".join(scenes.stdout.split())
        built = driver.execute_query(
            "MATCH (p:Persona {scope: $scope}) RETURN count(p) AS n", scope=f"eval-{sample_id}"
        )
        assert built.records[0]["n"] > 0  # a scene build writes personas even when no scene
        # of this tiny conversation reaches the minimum size

        bench = cli(
            neo4j_config, "bench", "recall", str(data), "--modes", "associative,hybrid", "--k", "3"
        )
        assert bench.returncode == 0, bench.stdout + bench.stderr
        assert "Question preparation, one question at a time" in " ".join(bench.stdout.split())
        rows = [
            [cell.strip() for cell in line.split("│")[1:-1]]
            for line in bench.stdout.splitlines()
            if line.count("│") == 7
        ]
        # Each mode twice: its latency, then its floor with the ratio and the agreement.
        against_floor = [row for row in rows if row[3].endswith("×")]
        assert [row[0] for row in rows if row not in against_floor] == ["associative", "hybrid"]
        assert [row[0] for row in against_floor] == ["associative", "hybrid"]
        assert all(float(row[3].rstrip("×")) > 1 for row in against_floor), bench.stdout

        scale = cli(neo4j_config, "bench", "scale", str(data), "--sizes", "5,20", "--tenants",
                     "3", "--tenant-edus", "5", "--questions", "4", "--modes",
                     "associative,dense")  # fmt: skip
        assert scale.returncode == 0, scale.stdout + scale.stderr
        grown = [
            int(line.split("│")[1].strip().replace(",", ""))
            for line in scale.stdout.splitlines()
            if line.count("│") == 13
        ]
        assert len(grown) == 2 and grown[1] >= 20 and grown[1] % grown[0] == 0, scale.stdout
        said = " ".join(scale.stdout.split())
        assert f"associative: p95 at {grown[1]} EDUs is" in said
        assert f"dense: p95 at {grown[1]} EDUs is" in said
        # Scopes smaller than the conversation hold its first sessions.
        tenant_edus = int(re.search(r"3 scopes of (\d+) EDUs, recalled in random order", said)[1])
        assert 5 <= tenant_edus <= grown[0]
        assert "GDS catalog after:" in said
        # Isolation: the scope's dense recall alone, beside the tenants and after every copy was
        # deleted moves by no more than 0.2 points.
        isolation = [
            [cell.strip() for cell in line.split("│")[1:-1]]
            for line in scale.stdout.splitlines()
            if line.count("│") == 6 and "eval-" in line
        ]
        assert len(isolation) == 1, scale.stdout
        assert abs(float(isolation[0][-1])) <= 0.2, scale.stdout
        left = driver.execute_query(
            "MATCH (n) WHERE n.scope STARTS WITH 'bench-scale' OR n.scope STARTS WITH "
            "'bench-tenant-' RETURN count(n) AS n"
        )
        assert left.records[0]["n"] == 0  # the copies are deleted after

        ingest = cli(neo4j_config, "bench", "ingest", str(data))
        assert ingest.returncode == 0, ingest.stdout + ingest.stderr
        said = " ".join(ingest.stdout.split())
        assert "total (wall clock)" in said and "the rate of extraction alone" in said
    finally:
        driver.execute_query("MATCH (n {scope: $scope}) DETACH DELETE n", scope=f"eval-{sample_id}")


def test_eval_supersession_measures_detection_questions_and_lists_the_links_it_makes(
    tmp_path: Path, neo4j_config: Neo4jConfig
) -> None:
    dev = tmp_path / "tiny_locomo.json"
    dev.write_text(json.dumps([locomo_sample(f"cli-{uuid.uuid4().hex[:8]}")]), encoding="utf-8")
    out = tmp_path / "supersession"
    done = cli(neo4j_config, "eval", "supersession", "--modes", "hybrid", "--dev", str(dev),
               "--out", str(out))  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((out / "supersession.json").read_text(encoding="utf-8"))
    offline = report["detection"]["offline"]
    assert offline["precision"] >= 0.9 and offline["recall"] >= 0.6
    # The report's links read against the set itself: a missed one is a labelled change, a
    # wrong one is not.
    changes = {(p.conversation, p.earlier, p.later) for p in load_set().changes}
    assert offline["labelled"] == len(changes) >= 60
    assert {tuple(x) for x in offline["missed"]} <= changes
    assert not {tuple(x) for x in offline["wrong"]} & changes
    row = report["questions"]["hybrid"]
    assert row["now, questions"] + row["as of, questions"] >= 60
    assert row["now, with"] > row["now, before"]
    assert "Valid statement first" in done.stdout and "Detection on the labelled set" in done.stdout
    assert (out / "dev-links.md").read_text(encoding="utf-8").startswith("# Links on")


def test_eval_supersession_with_a_judge_but_no_chat_model_says_what_to_set(
    tmp_path: Path, neo4j_config: Neo4jConfig
) -> None:
    done = cli(neo4j_config, "eval", "supersession", "--judge", "--out", str(tmp_path))
    assert done.returncode != 0
    assert "HIPPOGRAPH_LLM_PROVIDER and HIPPOGRAPH_LLM_MODEL" in " ".join(done.stderr.split())
