"""Entity keys and aliases: same thing, same entity; different identifiers, never merged."""

from datetime import datetime

from spacy.language import Language

from hippograph.graph.model import EntityType, Scope, Session, Turn
from hippograph.ingest.entities import normalize_entities
from hippograph.ingest.extract.offline import OfflineExtractor
from hippograph.ingest.text.keys import span_key, text_key
from tests.ingest.conversations import GARDEN_CLUB


def test_keys_fold_case_accents_determiners_possessives_and_plurals(nlp: Language) -> None:
    assert span_key(nlp("the Support Groups")) == span_key(nlp("support group")) == "support group"
    assert span_key(nlp("Tomás")) == "tomas"
    assert text_key("Caroline's Mom") == "caroline mom"
    assert span_key(nlp("SR-2023-052")) != span_key(nlp("SR-2023-053"))


def test_short_names_link_to_the_one_full_name_they_abbreviate(offline: OfflineExtractor) -> None:
    scope = Scope(id="garden-club")
    edus = [e for s in GARDEN_CLUB.sessions for e in offline.extract(scope, s).edus]
    edus, entities = normalize_entities(scope.id, edus)
    by_key = {e.key: e for e in entities}
    assert "pri" not in by_key  # "Hi Pri!" is Priya
    assert "Pri" in by_key["priya"].aliases
    assert by_key["priya"].type is EntityType.PERSON
    assert by_key["priya"].session_count == 2
    assert {"gc-2024-017", "gc-2024-018"} <= set(by_key)
    assert all(m.key != "pri" for e in edus for m in e.mentions)


def test_an_ambiguous_short_name_is_left_alone(offline: OfflineExtractor) -> None:
    session = Session(
        id="s",
        started_at=datetime(2024, 5, 1),
        turns=(
            Turn(id="1", speaker="Sam", text="Alexandra and Alexis both came to the party."),
            Turn(id="2", speaker="Jo", text="Did Alex bring the cake?"),
        ),
    )
    _, entities = normalize_entities("s", offline.extract(Scope(id="s"), session).edus)
    keys = {e.key for e in entities}
    assert {"alexandra", "alexis", "alex"} <= keys


def test_possessions_follow_their_owner_through_aliases(offline: OfflineExtractor) -> None:
    session = Session(
        id="s",
        started_at=datetime(2024, 5, 1),
        turns=(
            Turn(id="1", speaker="Melanie", text="My mom loves pottery."),
            Turn(id="2", speaker="Caroline", text="Mel, your mom is so talented!"),
        ),
    )
    _, entities = normalize_entities("s", offline.extract(Scope(id="s"), session).edus)
    mom = next(e for e in entities if e.key == "melanie mom")
    assert mom.edu_count == 2
