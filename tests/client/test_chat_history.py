"""HippographChatMessageHistory is a persistent LangChain history: the stored session is the
truth, so a restarted process reads the whole conversation back and adds to it; messages are
appended (at once, or buffered and flushed on close, on leaving `with` and at exit) and never
stored twice; clear() deletes the stored session, as LangChain's persistent histories do."""

import asyncio
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from hippograph.client import AsyncHippographClient, HippographClient, SessionIn, TurnIn
from hippograph.client.langchain import HippographChatMessageHistory
from tests.api_server import Api

# A process of an app that keeps its chat history in hippograph, and exits without closing
# anything: it prints the messages the history holds when it opens, then adds its own.
APP = """
import json, sys
from langchain_core.messages import AIMessage, HumanMessage
from hippograph.client import HippographClient
from hippograph.client.langchain import HippographChatMessageHistory

url, key, scope, every, said = sys.argv[1:4] + [int(sys.argv[4]), json.loads(sys.argv[5])]
history = HippographChatMessageHistory(HippographClient(url, key), scope, "2025-03-04",
                                       every=every)
print(json.dumps([[m.type, m.text] for m in history.messages]))
history.add_messages([HumanMessage(t) if kind == "human" else AIMessage(t) for kind, t in said])
"""

BEFORE = [
    ["human", "Hi! We just moved into a house in Ghent."],
    ["ai", "Congratulations on your new home in Ghent!"],
    ["human", "My dog is called Biscuit, he is a golden retriever."],
    ["ai", "Biscuit sounds lovely."],
    ["human", "Biscuit loves the walks along the Leie."],
    ["ai", "Ghent has lovely walks by the river."],
    ["human", "Our home in Ghent is close to the Korenmarkt."],
    ["ai", "That is a central spot."],
    ["human", "I work from home, so Biscuit keeps me company."],
    ["ai", "A fine office companion."],
]
AFTER = [
    ["human", "I'm back. Biscuit saw the vet this morning."],
    ["ai", "I hope Biscuit is well."],
    ["human", "He is, it was only a vaccination."],
    ["ai", "Good to hear."],
    ["human", "Next week my sister visits us in Ghent."],
    ["ai", "Will she stay long?"],
    ["human", "She stays for four days."],
    ["ai", "Enjoy her visit."],
    ["human", "We plan to take Biscuit to the beach in Ostend."],
    ["ai", "Ostend is a nice day trip."],
]


def _run_app(api: Api, key: str, scope: str, said: list[list[str]], every: int, folder: Path
             ) -> subprocess.CompletedProcess[str]:  # fmt: skip
    script = folder / "app.py"
    script.write_text(APP, encoding="utf-8")
    args = [sys.executable, str(script), api.url, key, scope, str(every), json.dumps(said)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def _said(messages: list[BaseMessage]) -> list[list[str]]:
    return [[m.type, m.text] for m in messages]


# Surviving a restart


def test_a_restarted_process_reads_the_conversation_back_and_adds_to_it(
    api: Api, tmp_path: Path
) -> None:
    scope, key = api.own_scope("history-restart")
    first = _run_app(api, key, scope, BEFORE, every=1, folder=tmp_path)
    assert json.loads(first.stdout) == []  # a new session
    second = _run_app(api, key, scope, AFTER, every=1, folder=tmp_path)
    assert json.loads(second.stdout) == BEFORE  # the first process's 10, in order

    with HippographClient(api.url, key) as client:
        turns = client.session_turns(scope, "2025-03-04")
        assert [t.text for t in turns] == [text for _, text in BEFORE + AFTER]
        assert [t.role for t in turns] == ["USER", "ASSISTANT"] * 10
        assert [t.position for t in turns] == list(range(20))
        history = HippographChatMessageHistory(client, scope, "2025-03-04")
        assert _said(history.messages) == BEFORE + AFTER
        found = client.recall(scope, "What is my dog called?", k=3)
    assert any("Biscuit" in m.text for m in found.memories), [m.text for m in found.memories]


def test_unsent_messages_are_stored_when_the_process_exits(api: Api, tmp_path: Path) -> None:
    scope, key = api.own_scope("history-exit")
    done = _run_app(api, key, scope, BEFORE[:3], every=50, folder=tmp_path)
    assert "not stored" not in done.stderr, done.stderr
    with HippographClient(api.url, key) as client:
        turns = client.session_turns(scope, "2025-03-04")
    assert [t.text for t in turns] == [text for _, text in BEFORE[:3]]


# Appending and buffering


def test_messages_wait_for_every_and_are_sent_on_close_and_on_leaving_with(api: Api) -> None:
    scope, key = api.own_scope("history-every")
    with HippographClient(api.url, key) as client:
        history = HippographChatMessageHistory(client, scope, "s1", user="Maya", every=3)
        history.add_messages([HumanMessage("I bought a red kayak."), AIMessage("Nice!")])
        assert client.session(scope, "s1") is None  # buffered, not sent yet
        assert _said(history.messages) == [["human", "I bought a red kayak."], ["ai", "Nice!"]]
        history.add_messages([HumanMessage("I keep it at Lake Bled.")])  # the third: sent
        assert _stored_texts(client, scope, "s1") == [
            "I bought a red kayak.", "Nice!", "I keep it at Lake Bled.",
        ]  # fmt: skip
        history.add_messages([AIMessage("Lovely lake.")])
        history.close()
        assert len(_stored_texts(client, scope, "s1")) == 4

        with HippographChatMessageHistory(client, scope, "s2", every=10) as other:
            other.add_messages([HumanMessage("Another day, another paddle.")])
        assert _stored_texts(client, scope, "s2") == ["Another day, another paddle."]


def _stored_texts(client: HippographClient, scope: str, session: str) -> list[str]:
    return [t.text for t in client.session_turns(scope, session)]


def test_a_message_added_again_is_stored_once_under_its_own_id(api: Api) -> None:
    scope, key = api.own_scope("history-once")
    said = [HumanMessage("I planted tulips.", id="m-1"), AIMessage("Which colour?", id="m-2")]
    with HippographClient(api.url, key) as client:
        history = HippographChatMessageHistory(client, scope, "s1")
        history.add_messages(said)
        history.add_messages(said)  # sent again, as after a failure: nothing stored twice
        turns = client.session_turns(scope, "s1")
        assert [(t.source_id, t.text) for t in turns] == [
            ("m-1", "I planted tulips."), ("m-2", "Which colour?"),
        ]  # fmt: skip
        assert [m.id for m in history.messages] == ["m-1", "m-2"]


def test_stored_roles_map_back_to_human_and_ai_messages(api: Api) -> None:
    scope, key = api.own_scope("history-roles")
    transcript = SessionIn(
        id="s1", conversation="chat", started_at=dt.datetime(2025, 3, 1, 10, 0),
        turns=[TurnIn(speaker="Ana", text="We repainted the shed."),
               TurnIn(speaker="Rui", text="Green this time.")],
    )  # fmt: skip
    with HippographClient(api.url, key) as client:
        client.ingest_session(scope, transcript)
        history = HippographChatMessageHistory(client, scope, "s1", user="Maya", assistant="Bot")
        history.add_messages(
            [
                SystemMessage("You are a gardening assistant."),  # not memory: not stored
                HumanMessage("What colour was the shed?"),
                AIMessage("Green.", name="Gardener"),
                AIMessage(""),  # no text (a tool call, say): not stored
            ]
        )
        messages = history.messages
    assert [(type(m).__name__, m.name, m.text) for m in messages] == [
        ("HumanMessage", "Ana", "We repainted the shed."),  # transcript turns: named people
        ("HumanMessage", "Rui", "Green this time."),
        ("HumanMessage", None, "What colour was the shed?"),  # Maya, the user
        ("AIMessage", "Gardener", "Green."),
    ]


def test_clear_deletes_the_stored_session(api: Api) -> None:
    scope, key = api.own_scope("history-clear")
    with HippographClient(api.url, key) as client:
        history = HippographChatMessageHistory(client, scope, "s1", every=2)
        history.add_messages([HumanMessage("My locker code is 4411."), AIMessage("Noted.")])
        history.add_messages([HumanMessage("And my bike is blue.")])  # waiting in the buffer
        history.clear()
        assert history.messages == []
        assert client.session(scope, "s1") is None and client.sessions(scope).items == []
        history.clear()  # nothing stored: nothing to do


def test_a_history_named_by_its_date_is_stored_on_that_date_which_then_stays(api: Api) -> None:
    scope, key = api.own_scope("history-dated")
    with HippographClient(api.url, key) as client:
        history = HippographChatMessageHistory(client, scope, "2025-03-04", user="Maya")
        history.add_messages([HumanMessage("We take the night train."), AIMessage("Sleep well!")])
        later = HippographChatMessageHistory(
            client, scope, "2025-03-04", started_at=dt.datetime(2025, 6, 1)
        )
        later.add_messages([HumanMessage("We arrived.")])
        session = client.session(scope, "2025-03-04")
    assert session is not None and session.id == "chat/2025-03-04" and session.turn_count == 3
    assert session.started_at is not None and session.started_at.date() == dt.date(2025, 3, 4)


# Async


def test_the_async_history_reads_appends_and_clears_with_the_async_client(api: Api) -> None:
    scope, key = api.own_scope("history-async")

    async def run(client: HippographClient) -> tuple[list[list[str]], ...]:
        async with AsyncHippographClient(api.url, key) as async_client:
            history = HippographChatMessageHistory(
                client, scope, "s1", every=2, async_client=async_client
            )
            await history.aadd_messages([HumanMessage("I collect vinyl records.")])
            buffered = _said(await history.aget_messages())
            await history.aadd_messages([AIMessage("Which artists?")])  # the second: sent
            stored = [[t.role or "", t.text] for t in await async_client.session_turns(scope, "s1")]
            await history.aclear()
            return buffered, stored, _said(await history.aget_messages())

    with HippographClient(api.url, key) as client:  # never used: every call is async
        buffered, stored, cleared = asyncio.run(run(client))
    assert buffered == [["human", "I collect vinyl records."]]
    assert stored == [["USER", "I collect vinyl records."], ["ASSISTANT", "Which artists?"]]
    assert cleared == []
