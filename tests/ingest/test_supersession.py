"""Deciding that a fact changed, without a server: frames read from the parse, the rule that
links them, the labelled set it is measured on, and a chat model as second reader.

Tests with a chat model say "fake_chat_model": it is LangChain's FakeListChatModel, since no
hosted model can be reached here."""

from datetime import date, datetime
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from spacy.language import Language

from hippograph.evaluation.supersession import detect, load_set, score_detection
from hippograph.graph.model import Frame, Scope, Session, Turn
from hippograph.graph.supersession import Stated, same_value, supersessions, valid_from
from hippograph.ingest.extract.decontextualize import clauses
from hippograph.ingest.extract.offline import OfflineExtractor
from hippograph.ingest.supersession.frames import asked_frame, frame_of
from hippograph.ingest.supersession.judge import LinkTexts, SupersessionJudge


def _frame(nlp: Language, text: str, speaker: str = "Ana") -> tuple[str, str, str, bool] | None:
    sentence = next(iter(nlp(text).sents))
    found = frame_of(clauses(sentence)[0], speaker)
    return (found.subject, found.attribute, found.value, found.ends) if found else None


@pytest.mark.parametrize(
    ("said", "frame"),
    [
        ("I live in Lisbon now.", ("ana", "residence", "lisbon", False)),
        ("We moved to Porto last week, the flat is lovely.", ("ana", "residence", "porto", False)),
        ("I work at a bakery called Rise now.", ("ana", "employer", "rise", False)),
        ("I got a job at Google, I start in July.", ("ana", "employer", "google", False)),
        ("I quit Farfetch last Friday.", ("ana", "employer", "farfetch", True)),
        ("Sushi is my favorite food.", ("ana", "favorite food", "sushi", False)),
        ("We have three kids now.", ("ana", "number of kids", "3", False)),
        ("I'm dating Rui.", ("ana", "relationship", "dating", False)),
        ("I don't run anymore.", ("ana", "activity: run", "", True)),
        ("Omar lives in Chicago.", ("omar", "residence", "chicago", False)),
    ],
)
def test_a_statement_of_a_fact_has_a_frame(
    nlp: Language, said: str, frame: tuple[str, str, str, bool]
) -> None:
    assert _frame(nlp, said) == frame


@pytest.mark.parametrize(
    "said",
    [
        "If I moved to London I would miss the sun.",  # a condition
        "I might move to Berlin one day.",  # a possibility
        "I'd love to work at Google someday.",  # a wish
        "I won't quit running.",  # a negation without a change
        "I lived in Berlin for eight years.",  # a past state
        "My sister moved to London.",  # someone else's fact
        "We adopted a second cat.",  # an addition
        "Do you still live in Madrid?",  # a question
        "I joined a new activist group.",  # not an employer
    ],
)
def test_what_is_not_asserted_as_a_fact_now_has_no_frame(nlp: Language, said: str) -> None:
    assert _frame(nlp, said) is None


def test_a_question_names_the_subject_and_attribute_it_asks_of(nlp: Language) -> None:
    asked = asked_frame(nlp("Where did Ana live in May 2023?")[:])
    assert asked is not None and (asked.subject, asked.attribute) == ("ana", "residence")
    assert asked_frame(nlp("What happened at the party?")[:]) is None


def _stated(id: str, value: str, day: int, *, ends: bool = False, marker: str = "") -> Stated:
    attribute = "plan: trip" if marker in ("plan", "instead") else "residence"
    frame = Frame(subject="ana", attribute=attribute, value=value, ends=ends,
                  marker="instead" if marker == "instead" else "")  # fmt: skip
    return Stated(id, frame, (day, "s", 0), date(2024, 1, day))


def test_a_different_value_supersedes_every_valid_statement_and_a_repeat_none() -> None:
    links = supersessions(
        [_stated("a", "lisbon", 1), _stated("b", "lisbon", 2), _stated("c", "porto", 3),
         _stated("d", "porto portugal", 4)]
    )  # fmt: skip
    assert {(x.earlier, x.later) for x in links} == {("a", "c"), ("b", "c")}
    assert all(x.at == date(2024, 1, 3) and x.attribute == "residence" for x in links)


def test_an_ending_closes_its_value_and_is_superseded_by_the_next() -> None:
    links = supersessions(
        [_stated("a", "dell", 1), _stated("b", "acme", 2, ends=True), _stated("c", "dell", 3,
         ends=True), _stated("d", "rise", 4)]
    )  # fmt: skip
    assert {(x.earlier, x.later) for x in links} == {("a", "c"), ("c", "d")}


def test_a_plan_is_replaced_only_by_one_that_says_so() -> None:
    plans = [_stated("a", "japan", 1, marker="plan"), _stated("b", "spain", 2, marker="plan")]
    assert supersessions(plans) == []
    plans.append(_stated("c", "morocco", 3, marker="instead"))
    assert {(x.earlier, x.later) for x in supersessions(plans)} == {("a", "c"), ("b", "c")}


def test_values_are_the_same_when_one_name_begins_the_other() -> None:
    assert same_value("porto", "porto portugal") and same_value("critical software", "critical")
    assert not same_value("hospital", "toronto general hospital")


def test_detection_on_the_labelled_set_is_precise_first(nlp: Language) -> None:
    labelled = load_set()
    assert len(labelled.changes) >= 60 and len(labelled.non_changes) >= 60
    assert len(labelled.conversations) >= 3
    assert all(len(c.sessions) >= 10 for c in labelled.conversations)
    conversations = [c.conversation() for c in labelled.conversations]
    score = score_detection(labelled, detect(conversations, OfflineExtractor(nlp)))
    assert score.precision >= 0.9 and score.recall >= 0.6, (score.wrong, score.missed)


def test_the_conversations_written_apart_load_as_one_set_of_ordered_pairs() -> None:
    """Issue 41's set: twelve conversations written apart from the code (a folder of sets)."""
    folder = Path(__file__).parents[2] / "evaluation" / "sets" / "supersession_conversations"
    labelled = load_set(folder)
    assert len(labelled.conversations) >= 10
    assert len(labelled.changes) >= 200 and len(labelled.non_changes) >= 200
    order = {
        (c.id, t.id): i
        for c in labelled.conversations
        for i, t in enumerate(t for s in c.sessions for t in s.turns)
    }
    for p in (*labelled.changes, *labelled.non_changes):
        assert order[(p.conversation, p.earlier)] < order[(p.conversation, p.later)], p


def test_fake_chat_model_as_judge_keeps_only_the_links_it_agrees_to(nlp: Language) -> None:
    labelled = load_set()
    conversations = [labelled.conversations[0].conversation()]
    offline = detect(conversations, OfflineExtractor(nlp))
    answers = ["Yes." if i % 2 == 0 else "no, both can hold" for i in range(len(offline))]
    judge = SupersessionJudge(FakeListChatModel(responses=answers), "llm:fake")
    kept = detect(conversations, OfflineExtractor(nlp), lambda links: judge.agrees(
        [LinkTexts(x.earlier.text, x.later.text, x.link.attribute) for x in links]
    ))  # fmt: skip
    assert [x.link for x in kept] == [x.link for i, x in enumerate(offline) if i % 2 == 0]


def test_fake_chat_model_reads_the_two_statements_and_what_changed() -> None:
    model = FakeListChatModel(responses=["maybe"])
    judge = SupersessionJudge(model, "llm:fake")
    assert judge.agrees(
        [LinkTexts("Ana lives in Lisbon.", "Ana moved to Porto.", "residence")]
    ) == [
        False  # not a clear yes: the earlier statement stays valid
    ]
    prompt = LinkTexts("A", "B", "residence").prompt()
    assert "Earlier: A" in prompt and "Later: B" in prompt and "residence" in prompt


def test_a_frame_holds_from_its_event_day_else_from_the_day_said(nlp: Language) -> None:
    session = Session(
        id="s", started_at=datetime(2024, 3, 5, 19),
        turns=(Turn(id="t1", speaker="Ana", text="We moved to Porto last week."),
               Turn(id="t2", speaker="Ana", text="I live in Porto.")),
    )  # fmt: skip
    edus = OfflineExtractor(nlp).extract(Scope(id="x"), session).edus
    assert [valid_from(e) for e in edus] == [date(2024, 2, 26), date(2024, 3, 5)]


def test_a_statement_ending_in_a_question_tag_keeps_its_tense(nlp: Language) -> None:
    assert _frame(nlp, "I lived in Berlin for years, remember?") is None
