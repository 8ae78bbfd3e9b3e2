"""The embedding model is part of a scope: recorded at its first write, checked by every ingest
and recall, and changed only by re-embedding the scope, which resumes after a kill."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from neo4j import Driver
from spacy.language import Language

from hippograph.api.settings import Settings
from hippograph.graph.connection import Neo4jConfig, open_driver
from hippograph.graph.errors import EmbeddingMismatchError
from hippograph.graph.recall.presets import ASSOCIATIVE
from hippograph.ingest.embedding.local import LocalEmbeddings, load_embeddings
from hippograph.ingest.formats.jsonl import load_jsonl
from hippograph.ingest.parallel import ParallelExtraction
from hippograph.ingest.recall_query import QueryPreparer
from hippograph.ingest.reembed import ReembedReport, reembed
from hippograph.ingest.sample import SAMPLE_CONVERSATIONS
from tests.cli.test_interrupted_ingest import _write_sessions
from tests.graph.conftest import Ingest, _ingest, recall_sync

HIPPOGRAPH = str(Path(sys.executable).parent / "hippograph")
OTHER_MODEL = "all-MiniLM-L6-v2"


@pytest.fixture(scope="module")
def other() -> LocalEmbeddings:
    """A second real model, as a server configured with another model would embed."""
    model = load_embeddings(OTHER_MODEL, "local", Settings().cache_dir)
    assert isinstance(model, LocalEmbeddings)
    return model


def _record(driver: Driver, scope: str) -> dict[str, object] | None:
    records, _, _ = driver.execute_query(
        "MATCH (m:EmbeddingModel {scope: $scope}) RETURN m {.*} AS m", scope=scope
    )
    return records[0]["m"] if records else None


def _marks(driver: Driver, scope: str) -> dict[str | None, int]:
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE n.scope = $scope AND (n:EDU OR n:Entity) "
        "RETURN n.embedded_by AS model, count(*) AS n",
        scope=scope,
    )
    return {r["model"]: r["n"] for r in records}


def _reembed(
    config: Neo4jConfig, scope: str, embeddings: LocalEmbeddings, batch: int = 256
) -> ReembedReport:
    async def run() -> ReembedReport:
        async with open_driver(config) as driver:
            return await reembed(
                driver, config.database, scope, embeddings, embeddings.record, batch=batch
            )

    return asyncio.run(run())


def test_a_scope_records_the_model_that_embedded_it(
    ingest: Ingest, driver: Driver, embeddings: LocalEmbeddings, scope: str
) -> None:
    ingest(list(load_jsonl(SAMPLE_CONVERSATIONS).conversations)[:1], scope)
    record = _record(driver, scope)
    assert record is not None
    spec = embeddings.spec
    assert (record["name"], record["artifact"], record["dimensions"]) == (
        spec.name,
        f"dev.langchain4j:{spec.artifact}:{spec.version}",
        384,
    )
    assert (record["query_prefix"], record["passage_prefix"]) == ("query: ", "passage: ")
    assert set(_marks(driver, scope)) == {spec.name}  # every vector says who made it


def test_another_model_is_refused_by_ingest_and_recall_naming_both(
    ingest: Ingest,
    driver: Driver,
    neo4j_config: Neo4jConfig,
    nlp: Language,
    extraction: ParallelExtraction,
    embeddings: LocalEmbeddings,
    other: LocalEmbeddings,
    scope: str,
) -> None:
    first, second = list(load_jsonl(SAMPLE_CONVERSATIONS).conversations)[:2]
    ingest([first], scope)
    before = _marks(driver, scope)

    with pytest.raises(EmbeddingMismatchError) as refused:
        _ingest(neo4j_config, extraction, other, [second], scope)
    said = str(refused.value)
    assert embeddings.spec.name in said and OTHER_MODEL in said
    assert f"hippograph reembed --scope {scope}" in said
    assert _marks(driver, scope) == before  # nothing of the refused session was stored

    with pytest.raises(EmbeddingMismatchError, match=f"embedded with {embeddings.spec.name}"):
        recall_sync(neo4j_config, QueryPreparer(nlp, other), scope, "Who opened a bakery?")
    assert recall_sync(neo4j_config, QueryPreparer(nlp, embeddings), scope, "Who opened a bakery?")


def test_reembedding_switches_the_scope_and_a_second_run_changes_nothing(
    ingest: Ingest,
    driver: Driver,
    neo4j_config: Neo4jConfig,
    nlp: Language,
    embeddings: LocalEmbeddings,
    other: LocalEmbeddings,
    scope: str,
) -> None:
    ingest(list(load_jsonl(SAMPLE_CONVERSATIONS).conversations)[:1], scope)
    edus = sum(_marks(driver, scope).values())

    done = _reembed(neo4j_config, scope, other, batch=7)  # several batches
    assert done.changed and done.previous == embeddings.spec.name and done.model == OTHER_MODEL
    assert done.edus + done.entities == edus
    assert set(_marks(driver, scope)) == {OTHER_MODEL}
    assert _record(driver, scope)["name"] == OTHER_MODEL  # type: ignore[index]
    question = "Who opened a bakery?"
    hits = recall_sync(neo4j_config, QueryPreparer(nlp, other), scope, question, ASSOCIATIVE)
    assert hits
    with pytest.raises(EmbeddingMismatchError):
        recall_sync(neo4j_config, QueryPreparer(nlp, embeddings), scope, question)

    again = _reembed(neo4j_config, scope, other)
    assert not again.changed and (again.edus, again.entities) == (0, 0)


def test_a_killed_reembed_refuses_the_half_done_scope_and_resumes(
    tmp_path: Path,
    driver: Driver,
    neo4j_config: Neo4jConfig,
    nlp: Language,
    other: LocalEmbeddings,
    scope: str,
) -> None:
    source = tmp_path / "balcony.jsonl"
    _write_sessions(source)
    env = {
        **os.environ,
        "HIPPOGRAPH_NEO4J_URI": neo4j_config.uri,
        "HIPPOGRAPH_NEO4J_PASSWORD": neo4j_config.password.get_secret_value(),
    }
    stored = subprocess.run(
        [HIPPOGRAPH, "ingest", str(source), "--format", "jsonl", "--scope", scope],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert stored.returncode == 0, stored.stderr
    total = sum(_marks(driver, scope).values())
    switched = {**env, "HIPPOGRAPH_EMBEDDING_MODEL": OTHER_MODEL}
    command = [HIPPOGRAPH, "reembed", "--scope", scope]

    run = subprocess.Popen(command, env=switched, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 120
    while _marks(driver, scope).get(OTHER_MODEL, 0) == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    run.send_signal(signal.SIGKILL)
    run.wait()
    half = _marks(driver, scope)
    assert 0 < half.get(OTHER_MODEL, 0) < total, "the kill should land in the middle of the run"
    with pytest.raises(EmbeddingMismatchError, match="being re-embedded with all-MiniLM-L6-v2"):
        recall_sync(neo4j_config, QueryPreparer(nlp, other), scope, "Who is Pavel?")

    resumed = subprocess.run(command, env=switched, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    said = " ".join(resumed.stdout.split())
    assert f"re-embedded with {OTHER_MODEL}" in said
    assert _marks(driver, scope) == {OTHER_MODEL: total}
    again = subprocess.run(command, env=switched, capture_output=True, text=True, timeout=300)
    assert "nothing to do" in " ".join(again.stdout.split())
