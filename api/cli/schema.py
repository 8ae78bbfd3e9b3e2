"""`hippograph schema apply`: constraints and indexes, an explicit step."""

import asyncio

import typer

from hippograph.api.cli.console import console, reported
from hippograph.api.settings import Settings
from hippograph.graph.connection import open_driver
from hippograph.graph.schema import apply_schema

NAME = "schema"
app = typer.Typer(help="Database schema: constraints and indexes.", no_args_is_help=True)


async def _apply(settings: Settings) -> list[str]:
    config = settings.neo4j()
    async with open_driver(config) as driver:
        return await apply_schema(driver, config.database, settings.embedding_dimensions)


@app.command("apply")
def schema_apply(ctx: typer.Context) -> None:
    """Create missing constraints and indexes (safe to run again)."""
    with reported():
        applied = asyncio.run(_apply(ctx.obj))
    console.print(f"Schema up to date ({len(applied)} statements).")
