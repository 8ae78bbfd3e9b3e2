"""The learned ranking retrains from a benchmark file with one command, deterministically, and
reports what it is worth on conversations it was not trained on."""

import json
import uuid
from pathlib import Path

import lightgbm as lgb
from neo4j import Driver

from hippograph.graph.connection import Neo4jConfig
from hippograph.graph.recall.features import FEATURE_GROUPS, FEATURES
from tests.cli.commands import cli
from tests.evaluation.benchmark_files import locomo_sample


def test_training_twice_on_the_same_file_writes_the_same_model(
    tmp_path: Path, neo4j_config: Neo4jConfig, driver: Driver
) -> None:
    ids = [f"rank-{uuid.uuid4().hex[:8]}" for _ in range(2)]
    data = tmp_path / "tiny_locomo.json"
    data.write_text(json.dumps([locomo_sample(i) for i in ids]), encoding="utf-8")
    try:
        models = []
        for attempt in ("first", "second"):
            out = tmp_path / f"{attempt}.txt"
            done = cli(neo4j_config, "ranker", "train", str(data), "--out", str(out))
            assert done.returncode == 0, done.stdout + done.stderr
            models.append(out.read_bytes())
        first, second = models
        assert first == second
        assert tuple(lgb.Booster(model_str=first.decode()).feature_name()) == FEATURES

        said = " ".join(done.stdout.split())
        assert "Held out, one conversation at a time: R@10 (%)" in said
        for group in FEATURE_GROUPS:
            assert f"│ {group} " in done.stdout, done.stdout  # each group left out once
        assert f"Written: {out}" in said
    finally:
        for i in ids:
            driver.execute_query("MATCH (n {scope: $scope}) DETACH DELETE n", scope=f"eval-{i}")
