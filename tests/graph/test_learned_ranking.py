"""The learned ranking as shipped: it reads the features this version computes, and it is what
orders associative recall's candidates."""

import asyncio
from pathlib import Path

import lightgbm as lgb
import numpy as np
import pytest

from hippograph.graph.connection import Neo4jConfig, open_driver
from hippograph.graph.recall.engine import gather, recall
from hippograph.graph.recall.features import FEATURES
from hippograph.graph.recall.presets import ASSOCIATIVE
from hippograph.graph.recall.ranker import RankerError, check_ranker, learned_ranking, load_ranker
from hippograph.ingest.recall_query import QueryPreparer


def test_the_shipped_model_reads_the_features_this_version_computes() -> None:
    assert tuple(load_ranker().feature_name()) == FEATURES


def test_a_model_trained_on_other_features_is_refused_with_the_command_that_retrains_it() -> None:
    rows = np.random.default_rng(0).random((40, 3))
    data = lgb.Dataset(rows, rows[:, 0] > 0.5, feature_name=["a", "b", "c"])
    other = lgb.train({"objective": "binary", "verbose": -1, "min_data_in_leaf": 5}, data, 2)
    with pytest.raises(RankerError, match="retrain it with hippograph ranker train"):
        check_ranker(other, "old.txt")


def test_the_shipped_model_orders_what_associative_recall_returns(
    neo4j_config: Neo4jConfig, preparer: QueryPreparer, sample: str
) -> None:
    query = preparer.prepare("What did Hana bake for the opening?")

    async def run() -> tuple[list[str], list[str]]:
        async with open_driver(neo4j_config) as driver:
            database = neo4j_config.database
            found = await gather(driver, database, sample, query, ASSOCIATIVE, 10)
            seeds = [(s.id, s.weight) for s in found.activation.entity_seeds]
            ranked = learned_ranking(
                load_ranker(), query, found.found, found.activation.edus, seeds, found.lexical
            )
            hits = await recall(driver, database, sample, query, k=10, preset=ASSOCIATIVE)
            return [edu for edu, _ in ranked[:10]], [hit.id for hit in hits]

    by_model, returned = asyncio.run(run())
    assert returned == by_model


def test_package_data_holds_the_shipped_model() -> None:
    from hippograph.graph.recall import presets

    assert Path(presets.__file__).with_name(presets.SHIPPED).is_file()
