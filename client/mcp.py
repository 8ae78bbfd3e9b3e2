"""hippograph as MCP tools (``hippograph mcp``): recall, ingest and browsing for any MCP host,
over stdio or streamable HTTP.

The MCP server is a client of the API: each tool is one call of :mod:`hippograph.client` made
with the caller's key, so keys, scope rules, limits and errors are the API's own. Over
streamable HTTP the key is the request's bearer token (``Authorization: Bearer hg_…``); over
stdio it is the key the server was started with.
"""

from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from hippograph.client.errors import HippographClientError
from hippograph.client.http import AsyncHippographClient
from hippograph.client.models import Job, Page, Recall, RecallMode, Scope, Session, SessionOutcome

INSTRUCTIONS = (
    "Long-term memory of conversations. `recall` finds what was said that answers a question, "
    "with who said it, when, and the source turns; `ingest_session` stores a session of turns; "
    "`list_scopes` and `list_sessions` show what is stored. Every call names a scope (one "
    "user's or agent's memory)."
)


def _key(ctx: Context, fallback: str | None) -> str | None:
    headers = ctx.headers or {}
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else fallback


def build_mcp(url: str, api_key: str | None = None) -> MCPServer:
    """The MCP server of the API at ``url``; ``api_key`` serves callers that send none."""
    server = MCPServer("hippograph", instructions=INSTRUCTIONS)

    async def call(ctx: Context, method: str, *args: Any, **kwargs: Any) -> Any:
        async with AsyncHippographClient(url, _key(ctx, api_key)) as client:
            try:
                return await getattr(client, method)(*args, **kwargs)
            except HippographClientError as error:
                raise ToolError(f"{type(error).__name__}: {error}") from error

    @server.tool()
    async def recall(
        scope: str,
        question: str,
        ctx: Context,
        k: int = 10,
        mode: RecallMode = RecallMode.ASSOCIATIVE,
    ) -> Recall:
        """The k memories of `scope` that best answer `question`, best first: each statement
        with its speakers, dates, source turns and why it came back."""
        found: Recall = await call(ctx, "recall", scope, question, k=k, mode=mode)
        return found

    @server.tool()
    async def ingest_session(scope: str, session: dict[str, Any], ctx: Context) -> SessionOutcome:
        """Store one session in `scope`: {"id": …, "conversation": …, "startedAt": ISO time,
        "turns": [{"speaker": …, "text": …}, …]}. Sending a session again replaces it."""
        outcome: SessionOutcome = await call(ctx, "ingest_session", scope, session)
        return outcome

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

    return server
