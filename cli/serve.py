"""`hippograph serve` and `hippograph graphql-schema`: the API server and its printed schema."""

import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from hippograph.api import graphql as graphql_package
from hippograph.api.app import create_app
from hippograph.api.graphql import build_schema
from hippograph.api.prometheus import MULTIPROCESS_DIR
from hippograph.api.settings import Settings
from hippograph.cli.console import console, reported

SCHEMA_FILE = Path(graphql_package.__file__).resolve().parent / "schema.graphql"


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
        "hippograph.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        timeout_graceful_shutdown=10,
    )


def graphql_schema(
    write: Annotated[
        bool, typer.Option(help=f"write {SCHEMA_FILE.name} instead of printing")
    ] = False,
) -> None:
    """Print the GraphQL schema in SDL (or write it to api/graphql/schema.graphql)."""
    text = str(build_schema()) + "\n"
    if write:
        SCHEMA_FILE.write_text(text, encoding="utf-8")
        console.print(f"Wrote {SCHEMA_FILE}")
    else:
        print(text, end="")


COMMANDS = {"serve": serve, "graphql-schema": graphql_schema}
