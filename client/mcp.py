"""hippograph as MCP tools (``hippograph mcp``): recall, ingest and browsing for any MCP host,
over stdio or streamable HTTP.

The MCP server is a client of the API: each tool is one call of :mod:`hippograph.client` made
with the caller's key, so keys, scope rules, limits and errors are the API's own. Over
streamable HTTP the key is the request's bearer token (``Authorization: Bearer hg_…``); over
stdio it is the key the server was started with.

Over HTTP the key is checked at the door, with the MCP SDK's own bearer-auth hooks: a request
without a key, or with one the API does not know, is answered 401 with ``WWW-Authenticate``
before any MCP session opens, which is what starts an MCP host's auth flow.
"""

import datetime as dt
import hashlib
import time
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from mcp.server.auth.provider import AccessToken
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import AnyHttpUrl, Field

from hippograph.client.errors import AuthenticationError, HippographClientError
from hippograph.client.http import AsyncHippographClient
from hippograph.client.models import (
    HeldValue,
    Job,
    OnConflict,
    Page,
    Recall,
    RecallMode,
    Scope,
    Session,
    SessionOutcome,
    TurnIn,
    TurnsAppended,
    session_start,
)

# The API's bound on k (graph/recall/model.py's MAX_K): stated in the tool's schema, so an MCP
# host is told the rule instead of meeting the API's cost limit.
MAX_K = 200
# How long a key the API accepted is trusted without asking again: a revoked key stops
# opening MCP requests at most this long after (each tool call still goes to the API with it).
KEY_TRUST_S = 30.0

# Where `remember` puts a note when the caller names no session: conversation NOTES, one
# session per day (UTC), named by its date.
NOTES = "notes"

INSTRUCTIONS = (
    "Long-term memory of conversations. `recall` finds what was said that answers a question, "
    "with who said it, when, and the source turns. `remember` stores as you go: the turns of "
    "the conversation you are in, appended to its session, or one note worth keeping; they "
    "are recallable as soon as it returns, and sending the same again stores nothing twice. "
    "`ingest_session` stores a whole finished session at once; `list_scopes` and "
    "`list_sessions` show what is stored. Every call names a scope (one user's or agent's "
    "memory)."
)


def _key(ctx: Context, fallback: str | None) -> str | None:
    headers = ctx.headers or {}
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else fallback


class ApiKeyVerifier:
    """The MCP SDK's TokenVerifier for hippograph keys: a key is valid when the API accepts it
    (one authenticated call, remembered for KEY_TRUST_S seconds)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._trusted: dict[str, float] = {}  # key digest -> until when

    async def verify_token(self, token: str) -> AccessToken | None:
        digest = hashlib.sha256(token.encode()).hexdigest()
        now = time.monotonic()
        if self._trusted.get(digest, 0.0) < now:
            async with AsyncHippographClient(self.url, token) as client:
                try:
                    await client.scopes(1)
                except AuthenticationError:
                    return None
            self._trusted = {d: t for d, t in self._trusted.items() if t >= now}
            self._trusted[digest] = now + KEY_TRUST_S
        # The client id is the key's digest: an MCP session stays bound to the key that opened it.
        return AccessToken(token=token, client_id=digest[:32], scopes=[])


def build_mcp(url: str, api_key: str | None = None, check_keys: bool = False) -> MCPServer:
    """The MCP server of the API at ``url``; ``api_key`` serves callers that send none (stdio).
    With ``check_keys`` (streamable HTTP) every request must bring a key the API accepts."""
    auth = (
        AuthSettings(issuer_url=AnyHttpUrl(url), resource_server_url=None) if check_keys else None
    )
    server = MCPServer(
        "hippograph",
        instructions=INSTRUCTIONS,
        auth=auth,
        token_verifier=ApiKeyVerifier(url) if check_keys else None,
    )

    async def call(ctx: Context, method: str, *args: Any, **kwargs: Any) -> Any:
        async with AsyncHippographClient(url, _key(ctx, api_key)) as client:
            try:
                return await getattr(client, method)(*args, **kwargs)
            except HippographClientError as error:
                raise ToolError(f"{type(error).__name__}: {error}") from error

    _add_memory_tools(server, call)
    _add_remember_tool(server, call)
    _add_listing_tools(server, call)
    return server


Call = Callable[..., Awaitable[Any]]


def _add_memory_tools(server: MCPServer, call: Call) -> None:
    """Recalling and storing: the two tools an agent uses every turn."""

    @server.tool()
    async def recall(
        scope: str,
        question: str,
        ctx: Context,
        k: Annotated[int, Field(ge=1, le=MAX_K)] = 10,
        mode: RecallMode = RecallMode.ASSOCIATIVE,
        as_of: dt.date | None = None,
    ) -> Recall:
        """The k memories of `scope` that best answer `question`, best first: each statement
        with its speakers, dates, source turns, why it came back, and what superseded it
        (`superseded_by`, `valid_to`). With `as_of` (YYYY-MM-DD), only what was valid then."""
        found: Recall = await call(ctx, "recall", scope, question, k=k, mode=mode, as_of=as_of)
        return found

    @server.tool()
    async def history(
        scope: str, entity: str, ctx: Context, attribute: str | None = None
    ) -> list[HeldValue]:
        """What `scope` says of `entity` (an id or name) attribute by attribute (residence,
        employer, …), in the order said: each value, when it held and what superseded it."""
        found: list[HeldValue] = await call(ctx, "history", scope, entity, attribute)
        return found

    @server.tool()
    async def ingest_session(
        scope: str,
        session: dict[str, Any],
        ctx: Context,
        on_conflict: OnConflict = OnConflict.REPLACE,
    ) -> SessionOutcome:
        """Store one session in `scope`: {"id": …, "conversation": …, "startedAt": ISO time,
        "turns": [{"speaker": …, "text": …}, …]}. When `scope` holds that (conversation, id)
        with other content, `on_conflict` decides: "replace" (status REPLACED), "skip" (status
        SKIPPED, the stored one kept) or "fail" (an error, the stored one kept)."""
        outcome: SessionOutcome = await call(ctx, "ingest_session", scope, session, on_conflict)
        return outcome


def note_turn(note: str, speaker: str) -> TurnIn:
    """A note as a turn of its speaker (role ASSISTANT: the caller is the agent). Its id is
    its speaker's and text's digest, so the same note sent again to a session (a host that
    retries a call) is stored once."""
    digest = hashlib.sha256(f"{speaker}\n{note}".encode()).hexdigest()[:32]
    return TurnIn(id=f"note-{digest}", speaker=speaker, role="ASSISTANT", text=note)


def _add_remember_tool(server: MCPServer, call: Call) -> None:
    """Remembering as the conversation goes: turns appended, or one note."""

    @server.tool()
    async def remember(
        scope: str,
        ctx: Context,
        turns: list[TurnIn] | None = None,
        note: str | None = None,
        session: str | None = None,
        conversation: str | None = None,
        speaker: str = "agent",
        started_at: dt.datetime | None = None,
    ) -> TurnsAppended:
        """Remember as you go; recallable as soon as this returns. Give either `turns` or
        `note`, not both.

        - `turns`: the conversation's new turns ([{"speaker": …, "text": …, "role": "USER" |
          "ASSISTANT" | "PERSON", "id": …}]), appended after what session `session` of
          `conversation` (default "chat") holds; the session is created if new. A turn id the
          session holds already is not stored again; turns without an id get a new one.
        - `note`: one thing worth keeping, stored as a turn of `speaker` (default "agent",
          role ASSISTANT) in session `session` of conversation `conversation` (defaults:
          today's date in UTC, YYYY-MM-DD, in conversation "notes"). The same note by the same
          speaker is stored once per session.

        `started_at` (ISO time) dates a session this call creates (default: the date its id
        names, else now); a stored session keeps its date. The answer says which turns were
        new, their positions, and the EDUs (statements) derived from them."""
        if (turns is None) == (note is None):
            raise ToolError("give either `turns` or `note`")
        if note is not None:
            day = dt.datetime.now(dt.UTC).date().isoformat()
            session, conversation = session or day, conversation or NOTES
            turns = [note_turn(note, speaker)]
        elif session is None:
            raise ToolError("`turns` are appended to a session: name it in `session`")
        date = session_start(session, started_at)
        done: TurnsAppended = await call(
            ctx, "append_turns", scope, session, turns, conversation or "chat", date
        )
        return done


def _add_listing_tools(server: MCPServer, call: Call) -> None:
    """Jobs, scopes and sessions, for an agent that looks around."""

    @server.tool()
    async def get_job(job_id: str, ctx: Context) -> Job:
        """A batch ingest's progress and per-session outcomes."""
        job: Job = await call(ctx, "job", job_id)
        return job

    @server.tool()
    async def list_scopes(ctx: Context, first: int = 20, after: str | None = None) -> Page[Scope]:
        """The scopes the key may read, with their session counts (next_cursor pages on)."""
        page: Page[Scope] = await call(ctx, "scopes", first, after)
        return page

    @server.tool()
    async def list_sessions(
        scope: str, ctx: Context, first: int = 20, after: str | None = None
    ) -> Page[Session]:
        """A scope's sessions, oldest first (next_cursor pages on)."""
        page: Page[Session] = await call(ctx, "sessions", scope, first, after)
        return page
