"""The request time limit, on a deliberately slow ASGI app (no real operation takes 30 s)."""

import asyncio

import httpx
from starlette.types import Receive, Scope, Send

from hippograph.api.middleware import limit_time


async def _slow(scope: Scope, receive: Receive, send: Send) -> None:
    await asyncio.sleep(5)
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"too late"})


async def _fast(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"in time"})


def _get(app: object) -> httpx.Response:
    async def run() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
            return await client.get("/graphql")

    return asyncio.run(run())


def test_a_request_over_the_time_limit_is_stopped_with_a_504() -> None:
    answer = _get(limit_time(_slow, seconds=0.2))
    assert answer.status_code == 504
    assert answer.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"


def test_a_request_within_the_limit_is_untouched() -> None:
    answer = _get(limit_time(_fast, seconds=0.2))
    assert answer.status_code == 200 and answer.text == "in time"
