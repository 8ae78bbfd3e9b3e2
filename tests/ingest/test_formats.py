"""Loaders read whole files into typed sessions, or say exactly what is wrong and load nothing."""

import json
from pathlib import Path

import pytest

from hippograph.graph.model import MAX_TURN_CHARS, Role
from hippograph.ingest.errors import LoadError
from hippograph.ingest.formats import InputFormat, load, open_source
from hippograph.ingest.formats.jsonl import stream_jsonl
from hippograph.ingest.formats.locomo import parse_evidence
from hippograph.ingest.formats.questions import EvidenceQuirks

LOCOMO_SAMPLE = [
    {
        "sample_id": "conv-test",
        "conversation": {
            "speaker_a": "Ines",
            "speaker_b": "Kofi",
            "session_1_date_time": "4:10 pm on 2 June, 2024",
            "session_1": [
                {"speaker": "Ines", "dia_id": "D1:1", "text": "I adopted a greyhound!"},
                {
                    "speaker": "Kofi",
                    "dia_id": "D1:2",
                    "text": "Look!",
                    "img_url": ["x"],
                    "blip_caption": "a photo of a kite on a beach",
                },
            ],
            "session_2_date_time": "9:00 am on 20 June, 2024",
            "session_2": [],
            "session_3_date_time": "9:00 am on 1 July, 2024",
        },
        "qa": [],
    }
]


def _write(tmp_path: Path, name: str, content: object) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def test_locomo_sessions_turns_dates_and_captions(tmp_path: Path) -> None:
    loaded = load(_write(tmp_path, "l.json", LOCOMO_SAMPLE), InputFormat.LOCOMO)
    (conversation,) = loaded.conversations
    assert conversation.participants == ("Ines", "Kofi")
    (session,) = conversation.sessions
    assert (
        session.started_at is not None and session.started_at.isoformat() == "2024-06-02T16:10:00"
    )
    assert session.turns[1].image_caption == "a photo of a kite on a beach"
    assert loaded.skipped == ["conv-test session_2: no turns"]


def test_malformed_json_names_the_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.json", '[{"sample_id": "x",\n  "conversation": {]')
    with pytest.raises(LoadError, match=r"bad.json: line 2, column \d+: malformed JSON"):
        load(path, InputFormat.LOCOMO)


def test_a_turn_without_a_speaker_names_the_sample_session_and_turn(tmp_path: Path) -> None:
    broken = json.loads(json.dumps(LOCOMO_SAMPLE))
    del broken[0]["conversation"]["session_1"][1]["speaker"]
    with pytest.raises(LoadError, match="sample conv-test, session 1, turn 1: speaker"):
        load(_write(tmp_path, "l.json", broken), InputFormat.LOCOMO)


def test_an_unreadable_date_is_an_error_not_a_guess(tmp_path: Path) -> None:
    broken = json.loads(json.dumps(LOCOMO_SAMPLE))
    broken[0]["conversation"]["session_1_date_time"] = "sometime in June"
    with pytest.raises(LoadError, match="unreadable session date"):
        load(_write(tmp_path, "l.json", broken), InputFormat.LOCOMO)


def test_a_turn_over_100_kb_is_refused_and_one_at_the_limit_accepted(tmp_path: Path) -> None:
    line = {"session": "s", "turns": [{"speaker": "Ana", "text": "a" * MAX_TURN_CHARS}]}
    assert load(_write(tmp_path, "ok.jsonl", json.dumps(line)), InputFormat.JSONL).turn_count == 1
    line["turns"][0]["text"] += "a"
    with pytest.raises(LoadError, match=r"line 1: .*at most 100000 characters"):
        load(_write(tmp_path, "big.jsonl", json.dumps(line)), InputFormat.JSONL)


def test_jsonl_groups_sessions_and_reports_the_bad_line(tmp_path: Path) -> None:
    lines = [
        {
            "conversation": "trip",
            "session": "d1",
            "started_at": "2024-03-02T18:30:00",
            "turns": [
                {"speaker": "Ana", "text": "We booked Lisbon!"},
                {"speaker": "Ben", "text": "When do we fly?", "id": "q"},
            ],
        },
        {"conversation": "trip", "session": "d2", "turns": []},
        {"conversation": "trip", "session": "d3", "turns": [{"speaker": "Ana", "text": "Friday."}]},
    ]
    text = "\n".join(json.dumps(x) for x in lines) + "\n\n"
    loaded = load(_write(tmp_path, "t.jsonl", text), InputFormat.JSONL)
    (trip,) = loaded.conversations
    assert [s.id for s in trip.sessions] == ["d1", "d3"]
    assert [t.id for t in trip.sessions[0].turns] == ["d1:0", "q"]
    assert trip.sessions[1].started_at is None  # a missing date stays missing
    assert loaded.skipped == ["d2: no turns"]
    with pytest.raises(LoadError, match="line 2: malformed JSON"):
        load(_write(tmp_path, "b.jsonl", text.replace('"d2"', "d2")), InputFormat.JSONL)


def test_longmemeval_keeps_user_and_assistant_roles(tmp_path: Path) -> None:
    item = {
        "question_id": "q1",
        "question": "Where did I move?",
        "haystack_session_ids": ["a", "b"],
        "haystack_dates": ["2023/05/20 (Sat) 02:21", "2023/05/27 (Sat) 10:00"],
        "haystack_sessions": [
            [
                {"role": "user", "content": "I moved to Porto."},
                {"role": "assistant", "content": "Congratulations on the move!"},
            ],
            [{"role": "user", "content": "Any café tips?"}],
        ],
    }
    loaded = load(_write(tmp_path, "lme.json", [item]), InputFormat.LONGMEMEVAL)
    (conversation,) = loaded.conversations
    first = conversation.sessions[0]
    assert [t.role for t in first.turns] == [Role.USER, Role.ASSISTANT]
    assert [t.id for t in first.turns] == ["a:0", "a:1"]
    assert first.started_at is not None and first.started_at.day == 20
    item["haystack_sessions"][1][0]["role"] = "system"
    with pytest.raises(LoadError, match="question q1, session b, turn 0: unknown role"):
        load(_write(tmp_path, "lme.json", [item]), InputFormat.LONGMEMEVAL)


def test_a_file_of_the_wrong_shape_says_what_it_expected(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="must be a JSON array, got object"):
        load(_write(tmp_path, "x.json", {"not": "a list"}), InputFormat.LOCOMO)


def test_locomo_evidence_quirks_are_repaired_and_counted() -> None:
    known = {"D8:6", "D9:17", "D9:1", "D4:4", "D11:26", "D30:5"}
    quirks = EvidenceQuirks()
    assert parse_evidence(["D8:6; D9:17"], known, quirks) == ("D8:6", "D9:17")
    assert parse_evidence(["D9:1 D4:4 D4:6"], known, quirks) == ("D9:1", "D4:4")
    assert parse_evidence(["D:11:26", "D30:05", "D"], known, quirks) == ("D11:26", "D30:5")
    assert (quirks.split, quirks.repaired, quirks.noise, quirks.unknown_turn) == (2, 2, 1, 1)


def test_jsonl_is_validated_whole_then_streamed_in_bounded_chunks(tmp_path: Path) -> None:
    lines = [
        {
            "conversation": "a" if n < 5 else "b",
            "session": f"s{n}",
            "turns": [{"speaker": "Ana", "text": f"Day {n} in the garden."}],
        }
        for n in range(8)
    ]
    lines.append({"conversation": "a", "session": "late", "turns": []})
    path = _write(tmp_path, "many.jsonl", "\n".join(json.dumps(x) for x in lines))
    source = open_source(path, InputFormat.JSONL)
    assert (source.session_count, source.turn_count) == (8, 8)
    assert source.conversation_ids == ["a", "b"] and source.skipped == ["late: no turns"]
    chunks = list(stream_jsonl(path, max_sessions=2))
    assert [(c.id, len(c.sessions)) for c in chunks] == [
        ("a", 2),
        ("a", 2),
        ("a", 1),
        ("b", 2),
        ("b", 1),
    ]
    bad = _write(tmp_path, "bad.jsonl", json.dumps(lines[0]) + "\n{nope\n")
    with pytest.raises(LoadError, match="line 2"):
        open_source(
            bad, InputFormat.JSONL
        )  # nothing is handed out before the whole file is checked


def test_a_cut_short_jsonl_line_is_reported_whole_with_its_line_and_column(
    tmp_path: Path,
) -> None:
    whole = json.dumps({"session": "d1", "turns": [{"speaker": "Ana", "text": "We booked it."}]})
    cut = whole[: whole.index("booked")]
    path = _write(tmp_path, "cut.jsonl", whole + "\n" + cut + "\n" + whole + "\n")
    with pytest.raises(LoadError) as refused:
        load(path, InputFormat.JSONL)
    assert str(refused.value) == (
        f"{path}: line 2: malformed JSON: Invalid control character at column {len(cut) + 1} "
        "(is the line cut short?)"
    )


def test_a_byte_that_is_not_utf8_is_reported_by_its_line(tmp_path: Path) -> None:
    plain = json.dumps({"session": "d1", "turns": [{"speaker": "Ana", "text": "tea"}]})
    accented = plain.replace("d1", "d2").replace("tea", "café")
    path = tmp_path / "latin1.jsonl"
    path.write_bytes((plain + "\n" + accented + "\n").encode("latin-1"))
    with pytest.raises(LoadError, match=r"latin1.jsonl: line 2: is not UTF-8: byte 0xe9 at column"):
        load(path, InputFormat.JSONL)


def test_ids_outside_the_grammar_are_refused_with_the_grammar(tmp_path: Path) -> None:
    line = {"conversation": "../a", "session": "d1", "turns": [{"speaker": "A", "text": "Hi."}]}
    path = _write(tmp_path, "ids.jsonl", json.dumps(line) + "\n")
    with pytest.raises(LoadError, match=r"line 1: conversation: '\.\./a' is not an id: an id is 1"):
        load(path, InputFormat.JSONL)
    unnamed = _write(tmp_path, "my chats.jsonl", json.dumps({**line, "conversation": None}))
    with pytest.raises(LoadError, match=r"conversation \(the file's name, as none is given\)"):
        load(unnamed, InputFormat.JSONL)
