"""`hippograph serve`, `hippograph keys …` and `hippograph graphql-schema`: the API server."""

import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.table import Table

from api.app import create_app
from api.auth import create_key, read_keys_file, revoke_key
from api.console import console, errors, reported
from api.metrics import MULTIPROCESS_DIR
from api.schema import build_schema
from api.settings import Settings

keys_app = typer.Typer(
    help="API keys and the scopes they may read and write.", no_args_is_help=True
)
SCHEMA_FILE = Path(__file__).resolve().parent / "schema.graphql"


def _scopes(text: str) -> list[str]:
    return [s.strip() for s in text.split(",") if s.strip()]


def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="default: HIPPOGRAPH_API_HOST")] = None,
    port: Annotated[int | None, typer.Option(help="default: HIPPOGRAPH_API_PORT")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="processes")] = None,
    log_level: Annotated[str, typer.Option()] = "info",
) -> None:
    """Serve the GraphQL API (and /health, /metrics) with uvicorn until Ctrl-C."""
    settings: Settings = ctx.obj
    host = host or settings.api_host
    port = port or settings.api_port
    workers = workers or settings.api_workers
    with reported():
        app = create_app(settings)  # checks the keys before any worker starts
    console.print(
        f"GraphQL:  http://{host}:{port}/graphql"
        + ("  (GraphiQL in a browser)" if settings.api_graphiql else "")
    )
    console.print(f"Health:   http://{host}:{port}/health")
    console.print(f"Metrics:  http://{host}:{port}/metrics")
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level=log_level, timeout_graceful_shutdown=10)
        return
    # Each worker is its own process with its own counters: they share them through files.
    os.environ.setdefault(MULTIPROCESS_DIR, tempfile.mkdtemp(prefix="hippograph-metrics-"))
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        timeout_graceful_shutdown=10,
    )


@keys_app.command("create")
def keys_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="who or what uses the key")],
    read: Annotated[str, typer.Option(help="scopes it may read, comma-separated; * for all")] = "",
    write: Annotated[str, typer.Option(help="scopes it may write (and read); * for all")] = "",
) -> None:
    """Create a key: it is printed once and only its SHA-256 digest is stored."""
    settings: Settings = ctx.obj
    if not read and not write:
        raise typer.BadParameter("give --read and/or --write scopes")
    with reported():
        key = create_key(settings.keys_path(), name, _scopes(read), _scopes(write))
    errors.print(f"Key {name!r} added to {settings.keys_path()}; it is shown only now:")
    console.print(key, markup=False)


@keys_app.command("list")
def keys_list(ctx: typer.Context) -> None:
    """The keys' names and scopes (never the keys)."""
    settings: Settings = ctx.obj
    with reported():
        grants = [*read_keys_file(settings.keys_path()), *settings.api_keys]
    table = Table(title=f"API keys ({settings.keys_path()} and HIPPOGRAPH_API_KEYS)")
    for column in ("name", "read", "write"):
        table.add_column(column)
    for grant in grants:
        table.add_row(grant.name, ", ".join(grant.read), ", ".join(grant.write))
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(ctx: typer.Context, name: str) -> None:
    """Remove a key from the keys file (a running server stops accepting it at once)."""
    settings: Settings = ctx.obj
    with reported():
        removed = revoke_key(settings.keys_path(), name)
    if not removed:
        errors.print(f"[red]error:[/red] no key named {name!r} in {settings.keys_path()}")
        raise typer.Exit(1)
    console.print(f"Key {name!r} revoked.")


def graphql_schema(
    write: Annotated[
        bool, typer.Option(help=f"write {SCHEMA_FILE.name} instead of printing")
    ] = False,
) -> None:
    """Print the GraphQL schema in SDL (or write it to api/schema.graphql)."""
    text = str(build_schema()) + "\n"
    if write:
        SCHEMA_FILE.write_text(text, encoding="utf-8")
        console.print(f"Wrote {SCHEMA_FILE}")
    else:
        print(text, end="")
