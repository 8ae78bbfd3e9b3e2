"""Entity keys and aliases: same thing, same entity; different identifiers, never merged."""

from datetime import datetime

from spacy.language import Language

from hippograph.graph.model import EDU, EntityType, Mention, Scope, Session, Turn
from hippograph.ingest.entities import normalize_entities
from hippograph.ingest.extract.offline import OfflineExtractor
from hippograph.ingest.text.entity_keys import span_key, text_key
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


def test_a_plural_joins_its_singular_whoever_tagged_it(offline: OfflineExtractor) -> None:
    session = Session(
        id="s",
        started_at=datetime(2025, 2, 8),
        turns=(
            Turn(id="1", speaker="Marco", text="So Bubbles has children all over Bologna now."),
            Turn(id="2", speaker="Hana", text="They each take a piece of Bubbles home."),
            Turn(id="3", speaker="Hana", text="The glasses and the glass jar are clean."),
        ),
    )
    extracted = offline.extract(Scope(id="s"), session).edus
    said = {m.key for e in extracted for m in e.mentions}
    assert {"bubble", "bubbles"} <= said  # a noun in one sentence, a name in the other
    _, entities = normalize_entities("s", extracted)
    bubbles = [e for e in entities if e.name == "Bubbles"]
    assert len(bubbles) == 1 and bubbles[0].edu_count == 2, [e.key for e in entities]
    assert {"glass", "glass jar"} <= {e.key for e in entities}


def test_a_plural_joins_a_singular_stored_before(offline: OfflineExtractor) -> None:
    session = Session(
        id="s2",
        started_at=datetime(2025, 2, 9),
        turns=(Turn(id="1", speaker="Hana", text="They each take a piece of Bubbles home."),),
    )
    edus = offline.extract(Scope(id="s"), session).edus
    _, alone = normalize_entities("s", edus)
    _, joined = normalize_entities("s", edus, known_keys={"bubble"})
    assert "bubbles" in {e.key for e in alone}
    assert "bubble" in {e.key for e in joined} and "bubbles" not in {e.key for e in joined}


def _said(text: str, *mentions: Mention) -> EDU:
    return EDU(id=EDU.make_id("s", "s1", text), scope="s", session_id="s1", text=text,
               speakers=("Marco",), turn_ids=("t",), mentions=mentions, extractor="test",
               extractor_version="1")  # fmt: skip


def test_an_entity_takes_the_named_type_most_mentions_agree_on() -> None:
    city, person, concept = (
        Mention(key="bologna", name="Bologna", type=t)
        for t in (EntityType.PLACE, EntityType.PERSON, EntityType.CONCEPT)
    )
    edus = [
        _said("Marco ran the Bologna marathon.", person),  # the tagger's slip
        _said("Bologna was sunny.", city),
        _said("Marco lives in Bologna.", city),
        _said("Bologna, again!", concept),
    ]
    _, entities = normalize_entities("s", edus)
    assert [e.type for e in entities] == [EntityType.PLACE]
    _, tied = normalize_entities("s", edus[:2])
    assert [e.type for e in tied] == [EntityType.PERSON]
    art = [Mention(key="art", name="art", type=EntityType.CONCEPT)] * 3
    _, concept = normalize_entities("s", [
        _said("Art helps Caroline.", Mention(key="art", name="Art", type=EntityType.PERSON)),
        *(_said(f"Caroline makes art {i}.", m) for i, m in enumerate(art)),
    ])  # fmt: skip
    assert [e.type for e in concept] == [EntityType.CONCEPT]
