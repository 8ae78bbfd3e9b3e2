"""The LLM extractor, driven by LangChain's own fake chat models (no hosted LLM is reachable).

Every test name says "fake_chat_model": the model is LangChain's FakeListChatModel, which
answers with the scripted strings; everything after it (parsing, validation, retries,
fallback, entity keys) is the real code.
"""

import json

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from spacy.language import Language

from hippograph.graph.model import EDU, EntityType, Scope
from hippograph.ingest.chat_models import chat_model
from hippograph.ingest.errors import ModelNotInstalledError
from hippograph.ingest.extract.llm import LLMExtractor
from hippograph.ingest.extract.llm_prompt import build_messages
from hippograph.ingest.extract.offline import OfflineExtractor
from tests.ingest.conversations import GARDEN_CLUB

SCOPE = Scope(id="garden-club")
SESSION = GARDEN_CLUB.sessions[1]
GOOD = json.dumps(
    {
        "edus": [
            {
                "text": "The garden club meets on Saturday 13 April 2024.",
                "speakers": ["Tomás"],
                "turn_ids": ["S2:1"],
                "date": "2024-04-13",
                "entities": [
                    {"name": "the Garden Clubs", "type": "organization", "role": "subject"}
                ],
            },
            {
                "text": "Priya and her family ordered heirloom beans in mid-March 2024.",
                "speakers": ["Priya"],
                "turn_ids": ["S2:2"],
                "date": None,
                "entities": [{"name": "heirloom beans", "type": "product", "role": "object"}],
            },
        ]
    }
)


def _extractor(responses: list[str], nlp: Language, offline: OfflineExtractor) -> LLMExtractor:
    return LLMExtractor(FakeListChatModel(responses=responses), nlp, offline, model_name="fake")


def test_valid_output_from_a_fake_chat_model_becomes_edus(
    nlp: Language, offline: OfflineExtractor
) -> None:
    extraction = _extractor([GOOD], nlp, offline).extract(SCOPE, SESSION)
    assert extraction.warnings == []
    first, second = extraction.edus
    assert (
        isinstance(first, EDU) and first.extractor == "llm" and first.extractor_version == "1:fake"
    )
    assert first.turn_ids == ("S2:1",) and first.date is not None
    assert first.date.start.isoformat() == "2024-04-13"
    club = next(m for m in first.mentions if m.type is EntityType.ORGANIZATION)
    assert club.key == "garden club"  # the same normalization as offline keys
    assert {m.key for m in second.mentions} >= {"priya", "heirloom bean"}


def test_fenced_json_from_a_fake_chat_model_is_accepted(
    nlp: Language, offline: OfflineExtractor
) -> None:
    extraction = _extractor([f"```json\n{GOOD}\n```"], nlp, offline).extract(SCOPE, SESSION)
    assert len(extraction.edus) == 2


def test_malformed_output_from_a_fake_chat_model_is_retried(
    nlp: Language, offline: OfflineExtractor
) -> None:
    extraction = _extractor(["Sure! Here are the EDUs: ...", GOOD], nlp, offline).extract(
        SCOPE, SESSION
    )
    assert [e.extractor for e in extraction.edus] == ["llm", "llm"]


def test_a_fake_chat_model_citing_unknown_turns_falls_back_to_offline_with_a_warning(
    nlp: Language, offline: OfflineExtractor
) -> None:
    bad = json.loads(GOOD)
    bad["edus"][0]["turn_ids"] = ["S9:99"]
    extraction = _extractor([json.dumps(bad)] * 2, nlp, offline).extract(SCOPE, SESSION)
    assert extraction.edus == offline.extract(SCOPE, SESSION).edus
    (warning,) = extraction.warnings
    assert "S9:99" in warning and "offline" in warning


def test_partial_output_from_a_fake_chat_model_never_loses_the_session(
    nlp: Language, offline: OfflineExtractor
) -> None:
    partial = GOOD[: len(GOOD) // 2]
    extraction = _extractor([partial, '{"edus": []}'], nlp, offline).extract(SCOPE, SESSION)
    assert extraction.edus and all(e.extractor == "offline" for e in extraction.edus)
    assert "no EDUs" in extraction.warnings[0]


def test_the_prompt_carries_the_session_date_and_turn_ids() -> None:
    system, human = build_messages(SESSION)
    assert "absolute" in str(system.content)
    assert "Tuesday 02 April 2024" in str(human.content)
    assert '"id": "S2:3"' in str(human.content)


def test_a_fake_chat_model_naming_an_unknown_speaker_is_corrected_on_retry(
    nlp: Language, offline: OfflineExtractor
) -> None:
    bad = json.loads(GOOD)
    bad["edus"][1]["speakers"] = ["Mallory"]
    extraction = _extractor([json.dumps(bad), GOOD], nlp, offline).extract(SCOPE, SESSION)
    assert extraction.warnings == [] and {e.extractor for e in extraction.edus} == {"llm"}


def test_an_unknown_or_uninstalled_provider_is_a_clear_error() -> None:
    with pytest.raises(ModelNotInstalledError, match="unknown LLM provider 'acme'"):
        chat_model("acme", "x")
    with pytest.raises(ModelNotInstalledError, match="pip install langchain-openai"):
        chat_model("openai", "gpt-4o-mini")
