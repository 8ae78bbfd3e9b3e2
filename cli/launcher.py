"""`hippograph neo4j install|start|stop|status|logs`: the local Neo4j + GDS server."""

from typing import Annotated

import typer

from hippograph.api.settings import Settings
from hippograph.cli.console import console, reported
from hippograph.graph.launcher import LocalNeo4j, ServerStatus, install

NAME = "neo4j"
app = typer.Typer(help="Run a local Neo4j + GDS server (no Docker needed).", no_args_is_help=True)


def _settings(ctx: typer.Context) -> Settings:
    settings: Settings = ctx.obj
    return settings


def print_status(status: ServerStatus) -> None:
    state = f"[green]running[/green] (pid {status.pid})" if status.running else "[yellow]stopped"
    console.print(f"Neo4j:         {state}")
    console.print(f"Installed:     {'yes' if status.installed else 'no'} in {status.home}")
    console.print(f"Instance:      {status.instance_dir}")
    console.print(f"Bolt:          {status.bolt_uri}")
    console.print(f"Neo4j Browser: {status.browser_url}")


@app.command("install")
def neo4j_install(ctx: typer.Context) -> None:
    """Assemble Neo4j Community + GDS + Browser from Maven Central into the cache (idempotent)."""
    config = _settings(ctx).local_server()
    with (
        reported(),
        console.status(
            f"Resolving Neo4j {config.neo4j_version} + GDS {config.gds_version} from Maven Central"
        ),
    ):
        result = install(config)
    verb = "already installed" if result.already_installed else "installed"
    console.print(
        f"Neo4j {config.neo4j_version} + GDS {config.gds_version} {verb} in "
        f"{result.home} ({result.jar_count} server jars)"
    )


@app.command("start")
def neo4j_start(ctx: typer.Context) -> None:
    """Start the local server in the background and wait until it answers."""
    settings = _settings(ctx)
    server = LocalNeo4j(settings.local_server())
    with reported(), console.status("Starting Neo4j and waiting for Bolt"):
        status = server.start(settings.password())
    print_status(status)


@app.command("stop")
def neo4j_stop(ctx: typer.Context) -> None:
    """Stop the local server cleanly."""
    stopped = LocalNeo4j(_settings(ctx).local_server()).stop()
    console.print("Neo4j stopped." if stopped else "Neo4j was not running.")


@app.command("status")
def neo4j_status(ctx: typer.Context) -> None:
    """Say whether the local server runs, and where."""
    print_status(LocalNeo4j(_settings(ctx).local_server()).status())


@app.command("logs")
def neo4j_logs(
    ctx: typer.Context,
    lines: Annotated[int, typer.Option("--lines", "-n", min=1)] = 40,
) -> None:
    """Print the last lines of the server's console log."""
    console.print(LocalNeo4j(_settings(ctx).local_server()).log_tail(lines), markup=False)
