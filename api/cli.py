"""The ``hippograph`` command line: every job a user runs starts here.

Settings are built once in the root callback and handed to each command through the context.
"""

import asyncio
from typing import Annotated

import typer
from pydantic import ValidationError

from api.cli_bench import bench_recall, bench_scenes
from api.cli_bench_api import bench_api
from api.cli_eval import eval_app
from api.cli_extract import bench_app, extract
from api.cli_ingest import delete, ingest, stats
from api.cli_recall import recall_command, related_command
from api.cli_scenes import persona, scenes_app
from api.cli_serve import graphql_schema, keys_app, serve
from api.cli_up import up
from api.console import console, errors, reported
from api.settings import Settings
from graph.connection import open_driver
from graph.schema import apply_schema
from graph.server import LocalNeo4j, ServerStatus, install

app = typer.Typer(
    help="Long-term memory for conversational agents on Neo4j + GDS.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
neo4j_app = typer.Typer(
    help="Run a local Neo4j + GDS server (no Docker needed).", no_args_is_help=True
)
schema_app = typer.Typer(help="Database schema: constraints and indexes.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(schema_app, name="schema")
app.add_typer(bench_app, name="bench")
app.add_typer(eval_app, name="eval")
app.add_typer(scenes_app, name="scenes")
app.add_typer(keys_app, name="keys")
app.command("serve")(serve)
app.command("up")(up)
app.command("graphql-schema")(graphql_schema)
bench_app.command("recall")(bench_recall)
bench_app.command("scenes")(bench_scenes)
bench_app.command("api")(bench_api)
app.command("persona")(persona)
app.command("recall")(recall_command)
app.command("related")(related_command)
app.command("extract")(extract)
app.command("ingest")(ingest)
app.command("stats")(stats)
app.command("delete")(delete)


def _settings(ctx: typer.Context) -> Settings:
    settings: Settings = ctx.obj
    return settings


@app.callback()
def main(ctx: typer.Context) -> None:
    try:
        ctx.obj = Settings()
    except ValidationError as error:
        errors.print(f"[red]Invalid settings:[/red]\n{error}")
        raise typer.Exit(2) from None


def _print_status(status: ServerStatus) -> None:
    state = f"[green]running[/green] (pid {status.pid})" if status.running else "[yellow]stopped"
    console.print(f"Neo4j:         {state}")
    console.print(f"Installed:     {'yes' if status.installed else 'no'} in {status.home}")
    console.print(f"Instance:      {status.instance_dir}")
    console.print(f"Bolt:          {status.bolt_uri}")
    console.print(f"Neo4j Browser: {status.browser_url}")


def _install(settings: Settings) -> None:
    config = settings.local_server()
    with console.status(
        f"Resolving Neo4j {config.neo4j_version} + GDS {config.gds_version} from Maven Central"
    ):
        result = install(config)
    verb = "already installed" if result.already_installed else "installed"
    console.print(
        f"Neo4j {config.neo4j_version} + GDS {config.gds_version} {verb} in "
        f"{result.home} ({result.jar_count} server jars)"
    )


def _start(settings: Settings) -> None:
    server = LocalNeo4j(settings.local_server())
    with console.status("Starting Neo4j and waiting for Bolt"):
        status = server.start(settings.password())
    _print_status(status)


async def _apply_schema(settings: Settings) -> list[str]:
    config = settings.neo4j()
    async with open_driver(config) as driver:
        return await apply_schema(driver, config.database, settings.embedding_dimensions)


@neo4j_app.command("install")
def neo4j_install(ctx: typer.Context) -> None:
    """Assemble Neo4j Community + GDS + Browser from Maven Central into the cache (idempotent)."""
    with reported():
        _install(_settings(ctx))


@neo4j_app.command("start")
def neo4j_start(ctx: typer.Context) -> None:
    """Start the local server in the background and wait until it answers."""
    with reported():
        _start(_settings(ctx))


@neo4j_app.command("stop")
def neo4j_stop(ctx: typer.Context) -> None:
    """Stop the local server cleanly."""
    stopped = LocalNeo4j(_settings(ctx).local_server()).stop()
    console.print("Neo4j stopped." if stopped else "Neo4j was not running.")


@neo4j_app.command("status")
def neo4j_status(ctx: typer.Context) -> None:
    """Say whether the local server runs, and where."""
    _print_status(LocalNeo4j(_settings(ctx).local_server()).status())


@neo4j_app.command("logs")
def neo4j_logs(
    ctx: typer.Context,
    lines: Annotated[int, typer.Option("--lines", "-n", min=1)] = 40,
) -> None:
    """Print the last lines of the server's console log."""
    console.print(LocalNeo4j(_settings(ctx).local_server()).log_tail(lines), markup=False)


@schema_app.command("apply")
def schema_apply(ctx: typer.Context) -> None:
    """Create missing constraints and indexes (safe to run again)."""
    with reported():
        applied = asyncio.run(_apply_schema(_settings(ctx)))
    console.print(f"Schema up to date ({len(applied)} statements).")
