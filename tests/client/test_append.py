"""hippograph.client appends turns to a session as a conversation happens: the session is
created by the first append and grows after its stored turns, its turns read back in order
with their roles, and an append sent again (by the caller, or by the client's own retry after
an answer was lost) stores nothing twice."""

import asyncio
import datetime as dt
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from hippograph.client import (
    ApiConflictError,
    AsyncHippographClient,
    HippographClient,
    RecallMode,
    SessionIn,
    TransportError,
    TurnIn,
)
from hippograph.client import http as client_http
from tests.api_server import Api
from tests.conftest import free_port

MONDAY = dt.datetime(2025, 3, 3, 9, 0)


# Appending


def test_the_first_append_creates_the_session_and_the_next_ones_follow_its_turns(
    api: Api,
) -> None:
    scope, key = api.own_scope("append")
    with HippographClient(api.url, key) as client:
        first = client.append_turns(
            scope, "2025-03-03",
            [TurnIn(speaker="Maya", role="USER", text="My beagle Pepper turned four today."),
             {"speaker": "Assistant", "role": "ASSISTANT", "text": "Happy birthday, Pepper!"}],
            started_at=MONDAY,
        )  # fmt: skip
        second = client.append_turns(
            scope, "2025-03-03",
            [TurnIn(speaker="Maya", role="USER", text="We celebrated in the park in Girona.")],
            started_at=dt.datetime(2030, 1, 1),  # an existing session keeps its date
        )  # fmt: skip

        assert first.session_id == "chat/2025-03-03" and first.created
        assert first.stored == 2 and first.turn_count == 2 and first.edus > 0
        assert [(t.position, t.new) for t in first.turns] == [(0, True), (1, True)]
        # Turns sent without an id got one from the client before it sent them.
        assert all(t.source_id.startswith("t-") for t in first.turns)
        assert all(t.id == f"chat/{t.source_id}" for t in first.turns)
        assert not second.created and second.stored == 1 and second.turn_count == 3
        assert [t.position for t in second.turns] == [2]
        assert first.started_at == second.started_at == MONDAY

        session = client.session(scope, "2025-03-03")
        assert session is not None and session.id == "chat/2025-03-03"
        assert session.turn_count == 3 and session.started_at == MONDAY
        assert client.session(scope, "chat/2025-03-03") == session  # its stored id works too
        turns = client.session_turns(scope, "2025-03-03")
        assert [(t.position, t.speaker, t.role) for t in turns] == [
            (0, "Maya", "USER"), (1, "Assistant", "ASSISTANT"), (2, "Maya", "USER"),
        ]  # fmt: skip
        assert [t.source_id for t in turns] == [t.source_id for t in first.turns + second.turns]
        assert turns[2].text == "We celebrated in the park in Girona."

        # What the last append said is recallable as soon as it returned.
        found = client.recall(scope, "Where did they celebrate?", k=5, mode=RecallMode.HYBRID)
        assert any("Girona" in m.text for m in found.memories)


def test_a_session_that_is_not_stored_is_none_and_has_no_turns(api: Api) -> None:
    scope, key = api.own_scope("append-absent")
    with HippographClient(api.url, key) as client:
        assert client.session(scope, "never") is None
        assert client.session_turns(scope, "never") == []


def test_a_long_session_is_read_whole_page_by_page(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    scope, key = api.own_scope("append-pages")
    monkeypatch.setattr(client_http, "TURN_PAGE", 2)  # 5 turns: three pages
    texts = [f"Note {n}: the greenhouse needs water." for n in range(5)]
    with HippographClient(api.url, key) as client:
        client.append_turns(scope, "s", [TurnIn(speaker="Ana", text=t) for t in texts])
        turns = client.session_turns(scope, "s")
    assert [t.text for t in turns] == texts and [t.position for t in turns] == list(range(5))
    assert {t.role for t in turns} == {"PERSON"}  # the role a turn gets when none is given


# Sending again


def test_an_append_sent_again_stores_nothing_new(api: Api) -> None:
    scope, key = api.own_scope("append-again")
    turns = [
        TurnIn(id="m1", speaker="Maya", role="USER", text="I moved to Ghent in January."),
        TurnIn(id="m2", speaker="Assistant", role="ASSISTANT", text="How do you like Ghent?"),
    ]
    with HippographClient(api.url, key) as client:
        first = client.append_turns(scope, "s1", turns)
        again = client.append_turns(scope, "s1", turns)
        assert first.stored == 2 and [t.new for t in first.turns] == [True, True]
        assert again.stored == 0 and again.edus == 0 and not again.created
        assert [(t.source_id, t.position, t.new) for t in again.turns] == [
            ("m1", 0, False), ("m2", 1, False),
        ]  # fmt: skip
        assert again.turn_count == 2

        # One stored id among new turns: only the new ones are stored, after the others.
        more = client.append_turns(
            scope, "s1", [turns[1], TurnIn(id="m3", speaker="Maya", text="I love it.")]
        )
        assert more.stored == 1 and [(t.position, t.new) for t in more.turns] == [
            (1, False), (2, True),
        ]  # fmt: skip

        # The same id with other content is a conflict, and nothing of the call is stored.
        changed = TurnIn(id="m1", speaker="Maya", role="USER", text="I moved to Bruges.")
        fresh = TurnIn(id="m4", speaker="Maya", text="It rains a lot.")
        with pytest.raises(ApiConflictError):
            client.append_turns(scope, "s1", [fresh, changed])
        assert [t.source_id for t in client.session_turns(scope, "s1")] == ["m1", "m2", "m3"]


class _Proxy(ThreadingHTTPServer):
    upstream: str
    lose: int  # answers still to lose
    tries: int


class _LosesAnswers(BaseHTTPRequestHandler):
    """Forwards a request to the API, then drops the connection without answering while it
    has answers to lose: the request was applied, and the caller cannot know it."""

    server: _Proxy

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        headers = {k: self.headers[k] for k in ("authorization", "content-type")}
        answer = httpx.post(self.server.upstream + self.path, content=body, headers=headers,
                            timeout=120)  # fmt: skip
        self.server.tries += 1
        if self.server.lose > 0:
            self.server.lose -= 1
            self.close_connection = True
            return
        self.send_response(answer.status_code)
        self.send_header("content-type", answer.headers["content-type"])
        self.send_header("content-length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def proxy(api: Api) -> Iterator[_Proxy]:
    server = _Proxy(("127.0.0.1", free_port()), _LosesAnswers)
    server.upstream, server.lose, server.tries = api.url, 0, 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _url(proxy: _Proxy) -> str:
    host, port = proxy.server_address[:2]
    return f"http://{host!s}:{port}"


def test_an_append_whose_answer_was_lost_is_retried_and_stored_once(
    api: Api, proxy: _Proxy
) -> None:
    scope, key = api.own_scope("append-retry")
    turns = [TurnIn(speaker="Maya", text="Biscuit chewed the sofa again."),
             TurnIn(speaker="Maya", text="I will buy him a bone.")]  # fmt: skip
    proxy.lose = 1
    with HippographClient(_url(proxy), key) as client:
        done = client.append_turns(scope, "s1", turns)
    assert proxy.tries == 2
    # The first try stored the turns; the retry sent the same ids and stored nothing.
    assert done.stored == 0 and [t.new for t in done.turns] == [False, False]
    with HippographClient(api.url, key) as client:
        stored = client.session_turns(scope, "s1")
    assert [t.text for t in stored] == [t.text for t in turns]


def test_only_appends_are_retried_and_a_failure_that_lasts_is_raised(
    api: Api, proxy: _Proxy
) -> None:
    scope, key = api.own_scope("append-lost")
    session = SessionIn(id="whole", turns=[TurnIn(speaker="Ana", text="I sow leeks in May.")])
    proxy.lose = 1
    with HippographClient(_url(proxy), key) as client, pytest.raises(TransportError) as lost:
        client.ingest_session(scope, session)  # not idempotent: not retried
    assert proxy.tries == 1 and lost.value.transient

    proxy.lose, proxy.tries = 100, 0
    with HippographClient(_url(proxy), key, retries=2) as client, pytest.raises(TransportError):
        client.append_turns(scope, "s1", [TurnIn(speaker="Ana", text="And onions in March.")])
    assert proxy.tries == 3  # the first try and two retries
    with HippographClient(api.url, key) as client:
        assert len(client.session_turns(scope, "s1")) == 1  # stored once all the same


# The async client


def test_the_async_client_appends_retries_and_reads_back(api: Api, proxy: _Proxy) -> None:
    scope, key = api.own_scope("append-async")
    proxy.lose = 1

    async def run() -> tuple[Any, Any, Any, Any]:
        async with AsyncHippographClient(_url(proxy), key) as client:
            first = await client.append_turns(
                scope, "evening", [{"speaker": "Maya", "role": "user", "text": "Hello there."}],
                conversation="notes",
            )  # fmt: skip
            second = await client.append_turns(
                scope, "evening", [TurnIn(speaker="Bot", role="ASSISTANT", text="Hi Maya!")],
                conversation="notes",
            )  # fmt: skip
            session = await client.session(scope, "evening", conversation="notes")
            turns = await client.session_turns(scope, "notes/evening")
            return first, second, session, turns

    first, second, session, turns = asyncio.run(run())
    assert proxy.tries == 5  # four requests, and the first append sent again after its answer
    assert first.session_id == "notes/evening" and first.turns[0].new is False
    assert second.stored == 1 and second.turn_count == 2
    assert session is not None and session.turn_count == 2
    assert [(t.speaker, t.role, t.text) for t in turns] == [
        ("Maya", "USER", "Hello there."), ("Bot", "ASSISTANT", "Hi Maya!"),
    ]  # fmt: skip
