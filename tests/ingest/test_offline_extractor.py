"""The offline extractor turns turns into self-contained, dated, cited EDUs."""

import re
from datetime import datetime

import pytest

from hippograph.graph.model import EDU, MAX_TURN_CHARS, Act, Scope, Session, Turn
from hippograph.ingest.extract.offline import OfflineExtractor
from tests.ingest.conversations import GARDEN_CLUB

SCOPE = Scope(id="garden-club")


@pytest.fixture(scope="module")
def edus(offline: OfflineExtractor) -> list[EDU]:
    return [e for s in GARDEN_CLUB.sessions for e in offline.extract(SCOPE, s).edus]


def _citing(edus: list[EDU], turn_id: str) -> list[str]:
    return [e.text for e in edus if turn_id in e.turn_ids]


def test_first_and_second_person_become_names(edus: list[EDU]) -> None:
    texts = _citing(edus, "S1:5")
    assert any(t.startswith("Priya joined the Riverside Garden Club") for t in texts), texts
    assert any("Priya's sister came with Priya" in t for t in texts), texts
    assert not [e.text for e in edus if re.match(r"^(I|you|we|my|your|our)\b", e.text, re.I)]


def test_relative_dates_are_resolved_against_the_session_date(edus: list[EDU]) -> None:
    planted = next(e for e in edus if "S1:2" in e.turn_ids)
    assert "on 10 March 2024" in planted.text
    assert planted.date is not None and planted.date.start.isoformat() == "2024-03-10"
    joined = next(e for e in edus if "Riverside" in e.text)
    assert "in February 2024" in joined.text
    beans = next(e for e in edus if "heirloom beans" in e.text)
    assert "in the week of 18 March 2024" in beans.text


def test_a_reply_that_cannot_stand_alone_carries_its_question(edus: list[EDU]) -> None:
    reply = next(e for e in edus if "S1:4" in e.turn_ids)
    assert "How long has Tomás been gardening?" in reply.text
    assert reply.context_turn_ids == ("S1:3",)
    assert reply.text.startswith("Tomás")


def test_pleasantries_are_dropped_but_nothing_with_content(offline: OfflineExtractor) -> None:
    extraction = offline.extract(SCOPE, GARDEN_CLUB.sessions[0])
    assert "S1:8" in extraction.dropped_turn_ids  # "Bye!"
    assert "S1:6" in extraction.dropped_turn_ids  # "Thanks, Priya! 😊"
    cited = {t for e in extraction.edus for t in e.turn_ids}
    for turn in GARDEN_CLUB.sessions[0].turns:
        assert (turn.id in cited) != (turn.id in extraction.dropped_turn_ids)


def test_shared_photos_become_statements(edus: list[EDU]) -> None:
    assert "Priya shared a photo of a basket of purple carrots" in _citing(edus, "S1:7")


def test_every_edu_cites_real_turns_of_its_session(edus: list[EDU]) -> None:
    turns = {t.id: s.id for s in GARDEN_CLUB.sessions for t in s.turns}
    for edu in edus:
        assert edu.turn_ids and all(turns[t] == edu.session_id for t in edu.turn_ids)
        assert edu.scope == SCOPE.id and edu.speakers
        assert edu.extractor == "offline"


def test_identifiers_are_kept_apart(edus: list[EDU]) -> None:
    keys = {m.key for e in edus for m in e.mentions}
    assert {"gc-2024-017", "gc-2024-018"} <= keys


def test_non_english_turns_are_kept_as_said(edus: list[EDU]) -> None:
    said = _citing(edus, "S2:4")
    assert said and all(text.startswith("Priya: ") for text in said)
    assert " ".join(t.removeprefix("Priya: ") for t in said) == "¡Qué bueno! Nos vemos el sábado."


def test_the_same_input_gives_the_same_ids(offline: OfflineExtractor) -> None:
    first = offline.extract(SCOPE, GARDEN_CLUB.sessions[1]).edus
    again = offline.extract(SCOPE, GARDEN_CLUB.sessions[1]).edus
    assert [e.id for e in first] == [e.id for e in again]
    other_scope = offline.extract(Scope(id="elsewhere"), GARDEN_CLUB.sessions[1]).edus
    assert not {e.id for e in first} & {e.id for e in other_scope}


def test_a_session_without_a_date_keeps_relative_words(offline: OfflineExtractor) -> None:
    session = Session(
        id="undated", turns=(Turn(id="u1", speaker="Ana", text="I moved yesterday."),)
    )
    (edu,) = offline.extract(SCOPE, session).edus
    assert edu.text == "Ana moved yesterday." and edu.date is None


def test_emoji_only_turns_yield_no_edu(offline: OfflineExtractor) -> None:
    session = Session(
        id="e",
        started_at=datetime(2024, 1, 1),
        turns=(Turn(id="e1", speaker="Ana", text="😂😂🎉"),),
    )
    assert offline.extract(SCOPE, session).dropped_turn_ids == ["e1"]


def test_a_100_kb_turn_is_extracted(offline: OfflineExtractor) -> None:
    sentence = "Ana planted basil in the Riverside garden. "
    text = (sentence * (MAX_TURN_CHARS // len(sentence)))[:MAX_TURN_CHARS]
    session = Session(
        id="big", started_at=datetime(2024, 1, 1), turns=(Turn(id="b1", speaker="Ana", text=text),)
    )
    edus = offline.extract(SCOPE, session).edus
    # Identical sentences are one statement: the id is a hash of scope, session and text.
    assert len(edus) >= 1 and all(e.turn_ids == ("b1",) for e in edus)


def test_a_turn_that_only_asks_becomes_a_question_edu(edus: list[EDU]) -> None:
    asked = [e for e in edus if " asked " in e.text.split(":")[0]]
    assert asked and all(e.act is Act.QUESTION for e in asked), [e.text for e in asked]
    stated = [e for e in edus if e not in asked]
    assert stated and all(e.act is Act.STATEMENT for e in stated)


def test_the_search_key_starts_with_the_day_it_was_said(edus: list[EDU]) -> None:
    planted = next(e for e in edus if "S1:2" in e.turn_ids)
    assert planted.session_date is not None
    day = planted.session_date
    assert planted.search_key == f"({day.day} {day:%B} {day.year}) {planted.text}"
    undated = planted.model_copy(update={"session_date": None})
    assert undated.search_key == planted.text


def test_times_amounts_and_ranks_are_not_entities(offline: OfflineExtractor) -> None:
    session = Session(
        id="s-times",
        started_at=datetime(2025, 3, 3, 9, 0),
        turns=(
            Turn(
                id="t1",
                speaker="Hana",
                text="We open on Saturday at noon, four hours after the flour arrives in May.",
            ),
            Turn(id="t2", speaker="Marco", text="Forty minutes to bake 200 loaves on Friday?"),
        ),
    )
    keys = {m.key for e in offline.extract(SCOPE, session).edus for m in e.mentions}
    assert keys & {"flour", "loaf"}, keys
    assert not keys & {"saturday", "noon", "four hour", "may", "forty minute", "friday", "200"}


def test_a_rank_the_ner_missed_and_a_lone_exclamation_are_not_entities(
    offline: OfflineExtractor,
) -> None:
    session = Session(
        id="s-asides",
        started_at=datetime(2025, 5, 20, 18, 0),
        turns=(
            Turn(id="t1", speaker="Amara", text="We clear the shed on the 24th."),
            Turn(id="t2", speaker="Dev", text="Deal!"),
            Turn(id="t3", speaker="Amara", text="Congratulations!"),
        ),
    )
    keys = {m.key for e in offline.extract(SCOPE, session).edus for m in e.mentions}
    assert "shed" in keys, keys
    assert not keys & {"24th", "deal", "congratulation", "congratulations"}, keys


# (the turn before, the turn, a statement the turn must give, one it must not)
THIRD_PERSON_CASES = [
    (
        "Hana: My sister Yuki flies in from Osaka.",
        "Marco: She should make her matcha croissants.",
        "Yuki should make Yuki's matcha croissants",
        None,
    ),
    (
        "Hana: We hired Leo last week.",
        "Marco: I met him at the market.",
        "Marco met Leo at the market",
        None,
    ),
    (
        "Hana: Leo is our new baker.",
        "Marco: His rye is the best in town.",
        "Leo's rye is the best in town",
        None,
    ),
    (
        "Hana: Tim and Ana came by.",
        "Marco: She loved the bread.",  # two people: left alone
        "She loved the bread",
        "Tim loved",
    ),
    (
        "Hana: The oven is hot.",
        "Marco: He is late again.",  # nobody named: left alone
        "He is late again",
        None,
    ),
    (
        "Hana: Hi Marco!",
        "Marco: She called me today.",  # only the speakers: left alone
        "She called Marco",
        "Hana called",
    ),
]


@pytest.mark.parametrize(("before", "turn", "said", "not_said"), THIRD_PERSON_CASES)
def test_he_and_she_become_the_one_other_person_named_just_before(
    offline: OfflineExtractor, before: str, turn: str, said: str, not_said: str | None
) -> None:
    turns = tuple(
        Turn(id=f"t{i}", speaker=line.split(": ", 1)[0], text=line.split(": ", 1)[1])
        for i, line in enumerate((before, turn))
    )
    session = Session(id="s-he-she", started_at=datetime(2025, 2, 8, 10, 0), turns=turns)
    texts = [e.text for e in offline.extract(SCOPE, session).edus if e.turn_ids == ("t1",)]
    assert any(said in text for text in texts), texts
    assert not_said is None or not any(not_said in text for text in texts), texts


def test_a_resolved_person_is_mentioned_by_the_statement(offline: OfflineExtractor) -> None:
    session = Session(
        id="s-he-she",
        started_at=datetime(2025, 2, 8, 10, 0),
        turns=(
            Turn(id="t0", speaker="Hana", text="We hired Leo last week."),
            Turn(id="t1", speaker="Marco", text="He bakes the best rye in town."),
        ),
    )
    rye = next(e for e in offline.extract(SCOPE, session).edus if e.turn_ids == ("t1",))
    assert rye.text == "Marco: Leo bakes the best rye in town."
    assert "leo" in {m.key for m in rye.mentions}
