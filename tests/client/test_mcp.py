"""`hippograph mcp` driven by the MCP Python SDK's own client, over stdio and streamable HTTP,
against the real API: the tools, their structured answers, and the API's keys and scope rules."""

import asyncio
import datetime as dt
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from hippograph.graph.recall.model import MAX_K
from tests.api_server import HIPPOGRAPH, Api
from tests.conftest import free_port

TOOLS = {
    "recall", "history", "remember", "ingest_session", "get_job", "list_scopes", "list_sessions",
}  # fmt: skip
SESSION = {
    "id": "2025-05-02",
    "conversation": "garden",
    "startedAt": "2025-05-02T10:00:00",
    "turns": [
        {"speaker": "Oskar", "text": "I planted three rows of purple potatoes by the shed."},
        {"speaker": "Lin", "text": "Purple ones? Where did you get the seed potatoes?"},
        {"speaker": "Oskar", "text": "From the allotment swap in Malmö last Sunday."},
    ],
}


async def _use(client: Client, scope: str, other: str) -> dict[str, Any]:
    """Every tool once, as an agent would; what each answered."""
    seen: dict[str, Any] = {"tools": {t.name for t in (await client.list_tools()).tools}}
    stored = await client.call_tool("ingest_session", {"scope": scope, "session": SESSION})
    seen["stored"] = stored.structured_content
    found = await client.call_tool(
        "recall", {"scope": scope, "question": "Where did the seed potatoes come from?", "k": 3}
    )
    seen["recall"] = found.structured_content
    changes = await client.call_tool("history", {"scope": scope, "entity": "Oskar"})
    seen["history"] = (changes.is_error, changes.structured_content)
    listed = await client.call_tool("list_sessions", {"scope": scope})
    seen["sessions"] = listed.structured_content
    refused = await client.call_tool("recall", {"scope": other, "question": "Anything?"})
    seen["refused"] = (refused.is_error, " ".join(c.text for c in refused.content))  # type: ignore[union-attr]
    return seen


def _check(seen: dict[str, Any], scope: str) -> None:
    assert seen["tools"] == TOOLS
    assert (
        seen["stored"]["status"] == "STORED" and seen["stored"]["sessionId"] == "garden/2025-05-02"
    )
    answer = next(m for m in seen["recall"]["memories"] if "Malmö" in m["text"])
    assert answer["turns"][0]["speaker"] == "Oskar" and "Malmö" in answer["turns"][0]["text"]
    assert [s["id"] for s in seen["sessions"]["items"]] == ["garden/2025-05-02"]
    assert seen["history"] == (False, {"result": []})  # planting states no changing fact
    is_error, message = seen["refused"]
    assert is_error and "ForbiddenError" in message


def test_mcp_over_stdio_serves_the_tools_with_the_key_it_was_started_with(api: Api) -> None:
    scope, key = api.own_scope("mcp-stdio")
    server = StdioServerParameters(
        command=HIPPOGRAPH,
        args=["mcp", "--url", api.url],
        env={**os.environ, "HIPPOGRAPH_MCP_API_KEY": key},
    )

    async def run() -> dict[str, Any]:
        async with Client(server, read_timeout_seconds=120) as client:
            return await _use(client, scope, api.scopes["harbour"])

    _check(asyncio.run(run()), scope)


@pytest.fixture(scope="module")
def mcp_http(api: Api, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`hippograph mcp --transport http` on a free port, with no key of its own."""
    port = free_port()
    log = tmp_path_factory.mktemp("mcp") / "mcp.log"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [HIPPOGRAPH, "mcp", "--transport", "http", "--port", str(port), "--url", api.url],
            stdout=out, stderr=subprocess.STDOUT,
            env={k: v for k, v in os.environ.items() if k != "HIPPOGRAPH_MCP_API_KEY"},
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, Path(log).read_text()
        try:
            httpx.get(f"http://127.0.0.1:{port}/mcp", timeout=2)
            break
        except httpx.TransportError:
            assert time.monotonic() < deadline, Path(log).read_text()
            time.sleep(0.3)
    yield f"http://127.0.0.1:{port}/mcp"
    process.terminate()
    process.wait(timeout=30)


def test_mcp_over_streamable_http_uses_each_callers_bearer_key(api: Api, mcp_http: str) -> None:
    scope, key = api.own_scope("mcp-http")

    async def run(token: str | None) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        http = create_mcp_http_client(headers=headers)
        async with http, Client(streamable_http_client(mcp_http, http_client=http)) as client:
            return await _use(client, scope, api.scopes["harbour"])

    _check(asyncio.run(run(key)), scope)


INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "probe", "version": "0"},
    },
}


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer hg_no-such-key", "Basic dXNlcjpwYXNz"],
    ids=["no key", "unknown key", "not a bearer key"],
)
def test_mcp_over_http_answers_401_before_a_session_opens_without_a_known_key(
    mcp_http: str, authorization: str | None
) -> None:
    headers = {"accept": "application/json, text/event-stream"}
    if authorization is not None:
        headers["authorization"] = authorization
    answer = httpx.post(mcp_http, json=INITIALIZE, headers=headers, timeout=30)
    assert answer.status_code == 401, answer.text
    assert answer.headers["www-authenticate"].startswith("Bearer ")
    assert "mcp-session-id" not in answer.headers  # no session was opened


def test_mcp_over_http_states_the_k_rule_in_the_tool_and_answers_it(
    api: Api, mcp_http: str
) -> None:
    scope, key = api.own_scope("mcp-k")

    async def run() -> tuple[dict[str, Any], str]:
        http = create_mcp_http_client(headers={"Authorization": f"Bearer {key}"})
        async with http, Client(streamable_http_client(mcp_http, http_client=http)) as client:
            tools = {t.name: t for t in (await client.list_tools()).tools}
            answer = await client.call_tool(
                "recall", {"scope": scope, "question": "Anything?", "k": 100000}
            )
            return tools["recall"].input_schema["properties"]["k"], str(answer.content)

    k_schema, refused = asyncio.run(run())
    assert (k_schema["minimum"], k_schema["maximum"]) == (1, MAX_K)
    assert "less than or equal to 200" in refused and "could resolve" not in refused


def test_mcp_ingest_reports_a_replaced_session_and_refuses_one_when_asked(
    api: Api, mcp_http: str
) -> None:
    scope, key = api.own_scope("mcp-conflict")
    changed = {**SESSION, "turns": [{"speaker": "Oskar", "text": "I planted leeks instead."}]}

    async def run() -> list[Any]:
        http = create_mcp_http_client(headers={"Authorization": f"Bearer {key}"})
        async with http, Client(streamable_http_client(mcp_http, http_client=http)) as client:
            answers = []
            for session, policy in ((SESSION, "replace"), (changed, "fail"), (changed, "skip"),
                                    (changed, "replace")):  # fmt: skip
                answer = await client.call_tool(
                    "ingest_session", {"scope": scope, "session": session, "on_conflict": policy}
                )
                answers.append(answer.structured_content or str(answer.content))
            return answers

    stored, refused, skipped, replaced = asyncio.run(run())
    assert stored["status"] == "STORED" and skipped["status"] == "SKIPPED"
    assert "ConflictError" in refused and "other content" in refused
    assert replaced["status"] == "REPLACED" and replaced["sessionId"] == "garden/2025-05-02"


def test_mcp_remember_appends_turns_and_keeps_a_note_once(api: Api, mcp_http: str) -> None:
    scope, key = api.own_scope("mcp-remember")
    note = "Maya's dog is called Biscuit and sleeps on the sofa."
    chat = [
        {"speaker": "Maya", "role": "USER", "text": "I repaint my kitchen yellow this weekend."},
        {"speaker": "Agent", "role": "ASSISTANT", "text": "Yellow will make it bright."},
    ]

    async def run() -> dict[str, Any]:
        http = create_mcp_http_client(headers={"Authorization": f"Bearer {key}"})
        async with http, Client(streamable_http_client(mcp_http, http_client=http)) as client:

            async def remember(**arguments: Any) -> Any:
                answer = await client.call_tool("remember", {"scope": scope, **arguments})
                return answer.structured_content if not answer.is_error else str(answer.content)

            seen = {
                "note": await remember(note=note),
                "again": await remember(note=note),
                "turns": await remember(turns=chat, session="s1"),
                "more": await remember(turns=chat[:1], session="s1"),
                "neither": await remember(session="s1"),
                "unnamed": await remember(turns=chat),
            }
            found = await client.call_tool(
                "recall", {"scope": scope, "question": "What is Maya's dog called?", "k": 3}
            )
            seen["recall"] = found.structured_content
            return seen

    seen = asyncio.run(run())
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert seen["note"]["sessionId"] == f"notes/{today}" and seen["note"]["created"]
    assert seen["note"]["stored"] == 1 and seen["note"]["edus"] >= 1
    assert seen["again"]["stored"] == 0 and seen["again"]["turns"][0]["new"] is False
    assert seen["turns"]["sessionId"] == "chat/s1" and seen["turns"]["stored"] == 2
    # Turns without ids got new ones: the same text sent again is a new turn.
    assert seen["more"]["stored"] == 1 and seen["more"]["turnCount"] == 3
    assert "either `turns` or `note`" in seen["neither"]
    assert "name it in `session`" in seen["unnamed"]
    assert any("Biscuit" in m["text"] for m in seen["recall"]["memories"])
