"""`hippograph schema apply`: constraints and indexes, an explicit step; `hippograph migrate`:
a store written by an earlier version brought up to date."""

import asyncio

import typer

from hippograph.api.settings import Settings
from hippograph.cli.console import console, counting_progress, errors, reported
from hippograph.graph.connection import open_driver
from hippograph.graph.migrate import MigrationReport, migrate
from hippograph.graph.model import ID_GRAMMAR
from hippograph.graph.schema import apply_schema, rebuild_vectors

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


async def _rebuild(settings: Settings) -> None:
    config = settings.neo4j()
    async with open_driver(config) as driver:
        with counting_progress() as progress:
            task = progress.add_task("vector indexes built (%)", total=100)
            await rebuild_vectors(
                driver,
                config.database,
                settings.embedding_dimensions,
                lambda percent: progress.update(task, completed=round(percent)),
            )


@app.command("rebuild-vectors")
def schema_rebuild_vectors(ctx: typer.Context) -> None:
    """Build the vector indexes again from the stored vectors (after other scopes' large
    deletes; vector search finds nothing until they are online again)."""
    with reported():
        asyncio.run(_rebuild(ctx.obj))
    console.print("Vector indexes rebuilt and online.")


async def _migrate(settings: Settings) -> MigrationReport:
    config = settings.neo4j()
    seen = 0

    def told(batch: int) -> None:
        nonlocal seen
        seen += batch
        errors.print(f"migrate: {seen} sessions read", markup=False)

    async with open_driver(config) as driver:
        await apply_schema(driver, config.database, settings.embedding_dimensions)
        return await migrate(driver, config.database, told)


def migrate_store(ctx: typer.Context) -> None:
    """Bring a store written by an earlier hippograph up to date (safe to run again): record
    what each session was given, so that sending it again with other content is a conflict."""
    with reported():
        report = asyncio.run(_migrate(ctx.obj))
    console.print(f"Migrated: {report.hashed} sessions given their input hash.")
    if report.off_grammar:
        console.print(
            f"{len(report.off_grammar)} sessions have a conversation or session id outside the id "
            f"grammar ({ID_GRAMMAR}); they stay stored and can be read, recalled and deleted, "
            "but not sent again under those ids:"
        )
        for where in report.off_grammar:
            console.print(f"  {where}", markup=False)


COMMANDS = {"migrate": migrate_store}
