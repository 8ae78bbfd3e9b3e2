from collections.abc import Iterator

import pytest
from spacy.language import Language

from ingest.extract.offline import OfflineExtractor
from ingest.nlp import load_spacy


@pytest.fixture(scope="session")
def nlp() -> Iterator[Language]:
    """The real en_core_web_sm pipeline (or its PyPI mirror), loaded once."""
    yield load_spacy("en_core_web_sm")


@pytest.fixture(scope="session")
def offline(nlp: Language) -> OfflineExtractor:
    return OfflineExtractor(nlp)
