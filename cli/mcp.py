"""`hippograph mcp`: the API's recall, ingest and browsing as MCP tools (client/mcp.py)."""

from enum import StrEnum
from typing import Annotated

import typer

from hippograph.api.settings import Settings
from hippograph.cli.console import errors


class Transport(StrEnum):
    STDIO = "stdio"
    HTTP = "http"


def mcp(
    ctx: typer.Context,
    transport: Annotated[Transport, typer.Option(help="stdio for a host that starts it")] = (
        Transport.STDIO
    ),
    url: Annotated[str | None, typer.Option(help="the API; default: HIPPOGRAPH_API_URL")] = None,
    host: Annotated[str, typer.Option(help="where the HTTP transport listens")] = "127.0.0.1",
    port: Annotated[int | None, typer.Option(help="default: HIPPOGRAPH_MCP_PORT")] = None,
) -> None:
    """Serve recall, ingest and browsing as MCP tools, over stdio or streamable HTTP (/mcp).

    Each tool calls the API with the caller's key: over HTTP its bearer token (checked before
    an MCP session opens: 401 without a key the API knows), over stdio HIPPOGRAPH_MCP_API_KEY."""
    from hippograph.client.mcp import build_mcp  # on use: the MCP SDK takes 0.4 s to import

    settings: Settings = ctx.obj
    api = url or settings.api_url or f"http://{settings.api_host}:{settings.api_port}"
    key = settings.mcp_api_key.get_secret_value() if settings.mcp_api_key else None
    if transport is Transport.STDIO:
        # stdout is the protocol's: nothing else may be printed there
        build_mcp(api, key).run("stdio")
        return
    server = build_mcp(api, check_keys=True)
    listen = port or settings.mcp_port
    errors.print(f"MCP (streamable HTTP): http://{host}:{listen}/mcp, for the API at {api}")
    server.run("streamable-http", host=host, port=listen)


COMMANDS = {"mcp": mcp}
