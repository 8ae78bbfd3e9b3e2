"""LangChain's own standard suite for retrievers (langchain-tests' RetrieversIntegrationTests),
run against HippographRetriever on the real server's orchard sessions, whole: the count given
to the constructor and to invoke, documents from invoke and ainvoke."""

from typing import Any

import pytest
from langchain_core.retrievers import BaseRetriever
from langchain_tests.integration_tests import RetrieversIntegrationTests

from hippograph.client import HippographClient
from hippograph.client.langchain import HippographRetriever
from tests.api_server import Api


class TestHippographRetrieverStandard(RetrieversIntegrationTests):
    @pytest.fixture(autouse=True)
    def _memory(self, api: Api, orchard: list[dict[str, Any]]) -> None:
        assert all(o["status"] == "STORED" for o in orchard), orchard
        client = HippographClient(api.url, api.keys["orchard"])
        self._params = {"client": client, "scope": api.scopes["orchard"], "k": 10}

    @property
    def retriever_constructor(self) -> type[BaseRetriever]:
        return HippographRetriever

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return self._params

    @property
    def retriever_query_example(self) -> str:
        return "Who will run the cider stall at the harvest fair?"
