"""Through the API, a scope another model embedded is a typed error naming both models, and
reembedScope (a job) makes it the server's: recall answers again, and a second job changes
nothing."""

import os
import subprocess

import pytest

from hippograph.client import ApiEmbeddingMismatchError, HippographClient
from hippograph.ingest.embedding.specs import DEFAULT_MODEL
from hippograph.ingest.sample import SAMPLE_CONVERSATIONS
from tests.api_server import HIPPOGRAPH, Api

OTHER_MODEL = "all-MiniLM-L6-v2"


def test_a_scope_of_another_model_is_refused_until_the_api_reembeds_it(api: Api) -> None:
    scope, key = api.own_scope("reembed")
    env = {**os.environ, **api.env, "HIPPOGRAPH_EMBEDDING_MODEL": OTHER_MODEL}
    stored = subprocess.run(
        [HIPPOGRAPH, "ingest", str(SAMPLE_CONVERSATIONS), "--format", "jsonl", "--scope", scope],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert stored.returncode == 0, stored.stderr
    question = "When did Crumb & Co open?"
    with HippographClient(api.url, key) as client:
        with pytest.raises(ApiEmbeddingMismatchError) as refused:
            client.recall(scope, question)
        said = str(refused.value)
        assert OTHER_MODEL in said and DEFAULT_MODEL in said and "reembed" in said
        with pytest.raises(ApiEmbeddingMismatchError):
            client.ingest_session(
                scope,
                {"id": "late", "turns": [{"speaker": "Ana", "text": "Crumb & Co is busy."}]},
            )

        job = client.reembed_scope(scope)
        assert (job.kind, job.state, job.error) == ("REEMBED", "DONE", None)
        assert job.total > 0 and job.done == job.total == job.edus
        assert client.recall(scope, question).memories

        again = client.reembed_scope(scope)
        assert (again.state, again.done) == ("DONE", 0)
