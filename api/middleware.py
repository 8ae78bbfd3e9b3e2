"""What every HTTP request passes before it reaches GraphQL: a body size limit, a time limit
and, for GraphQL operations, an API key. Refusals are JSON in GraphQL's error shape."""

import asyncio
import json
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hippograph.api.auth import KeyRing
from hippograph.api.errors import UnauthenticatedError

PRINCIPAL = "principal"


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


def limit_body(app: ASGIApp, max_bytes: int) -> ASGIApp:
    """413 for a body over ``max_bytes``, announced or streamed; nothing past it is read."""

    async def limited(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > max_bytes):
            await _refuse(
                send,
                413,
                "BODY_TOO_LARGE",
                f"the request body is over the limit of {max_bytes} bytes",
            )
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > max_bytes:
                raise _TooLarge
            return message

        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await app(scope, counted, tracked)
        except _TooLarge:
            if not started:
                await _refuse(
                    send,
                    413,
                    "BODY_TOO_LARGE",
                    f"the request body is over the limit of {max_bytes} bytes",
                )

    return limited


def limit_time(app: ASGIApp, seconds: float) -> ASGIApp:
    """504 for a request still unanswered after ``seconds``; its work is cancelled (a write
    in progress rolls back whole)."""

    async def timed(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            async with asyncio.timeout(seconds):
                await app(scope, receive, tracked)
        except TimeoutError:
            if not started:
                await _refuse(
                    send,
                    504,
                    "TIMEOUT",
                    f"the request took longer than {seconds:g} s and was stopped",
                )

    return timed


def _key(scope: Scope) -> str | None:
    headers: dict[bytes, bytes] = dict(scope["headers"])
    bearer = headers.get(b"authorization", b"").decode("latin-1")
    if bearer.lower().startswith("bearer "):
        return bearer[7:].strip()
    key = headers.get(b"x-api-key")
    return key.decode("latin-1").strip() if key else None


def _is_ide_page(scope: Scope) -> bool:
    """GET /graphql without a query serves GraphiQL's page, which holds no data."""
    return scope["method"] == "GET" and b"query=" not in scope.get("query_string", b"")


def require_key(app: ASGIApp, keys: Callable[[], KeyRing], path: str) -> ASGIApp:
    """Operations on ``path`` need a known key; its grant goes to the request's state."""

    async def authenticated(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].rstrip("/") != path or _is_ide_page(scope):
            await app(scope, receive, send)
            return
        try:
            principal = keys().authenticate(_key(scope))
        except UnauthenticatedError as error:
            await _refuse(send, 401, "UNAUTHENTICATED", str(error))
            return
        scope.setdefault("state", {})[PRINCIPAL] = principal
        await app(scope, receive, send)

    return authenticated
