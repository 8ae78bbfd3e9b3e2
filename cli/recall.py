"""`hippograph recall`, `related` and `history`: ask a scope's memory from the terminal."""

import asyncio
from datetime import datetime
from typing import Annotated

import typer

from hippograph.api.settings import Settings
from hippograph.api.wiring import query_preparer
from hippograph.cli.console import console, figures, reported
from hippograph.graph.connection import open_driver
from hippograph.graph.recall.engine import recall
from hippograph.graph.recall.model import MAX_K, RecallFilters, RecallHit
from hippograph.graph.recall.presets import PRESETS
from hippograph.graph.recall.related import Related, related
from hippograph.graph.supersession import MAX_HISTORY, HeldValue, history

Scope = Annotated[str, typer.Option(help="the memory scope")]


async def _recall(
    settings: Settings,
    scope: str,
    question: str,
    mode: str,
    k: int,
    at: datetime | None,
    as_of: datetime | None,
) -> list[RecallHit]:
    query = query_preparer(settings).prepare(question, at)
    config = settings.neo4j()
    filters = RecallFilters(as_of=as_of.date() if as_of else None)
    async with open_driver(config) as driver:
        return await recall(
            driver, config.database, scope, query, k=k, preset=PRESETS[mode], filters=filters
        )


def recall_command(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="what to remember")],
    scope: Scope,
    mode: Annotated[str, typer.Option(help=f"one of: {', '.join(PRESETS)}")] = "associative",
    k: Annotated[int, typer.Option(min=1, max=MAX_K)] = 10,
    at: Annotated[
        datetime | None, typer.Option(help="when the question is asked (resolves 'last week')")
    ] = None,
    as_of: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="only what was valid on this day (YYYY-MM-DD)"),
    ] = None,
) -> None:
    """Recall the EDUs that answer QUESTION, with their source turns, why they came back and
    what superseded them."""
    if mode not in PRESETS:
        raise typer.BadParameter(f"unknown mode {mode!r}; choose from {', '.join(PRESETS)}")
    with reported():
        hits = asyncio.run(_recall(ctx.obj, scope, question, mode, k, at, as_of))
    if not hits:
        console.print(f"Nothing in scope {scope!r} answers that.")
        raise typer.Exit(1)
    for rank, hit in enumerate(hits, 1):
        when = hit.session_date.date().isoformat() if hit.session_date else ""
        console.print(f"[bold]{rank}.[/bold] {hit.text}  [dim]({hit.session_id}, {when})[/dim]")
        for turn in hit.turns:
            console.print(f"   [cyan]{turn.source_id}[/cyan] {turn.speaker}: {turn.text[:160]}")
        scene = f"; scene {hit.scene.id}" if hit.scene else ""
        console.print(f"   [dim]{hit.explanation.summary}{scene}[/dim]")
        if hit.superseded_by is not None:
            later = hit.superseded_by
            console.print(f"   [yellow]superseded {later.at or ''} by:[/yellow] {later.text}")


async def _related(settings: Settings, scope: str, entity: str, limit: int) -> Related:
    config = settings.neo4j()
    async with open_driver(config) as driver:
        return await related(driver, config.database, scope, entity, limit)


def related_command(
    ctx: typer.Context,
    entity: Annotated[str, typer.Argument(help="an entity's name or id")],
    scope: Scope,
    limit: Annotated[int, typer.Option(min=1, max=MAX_K)] = 10,
) -> None:
    """Entities and EDUs around ENTITY, ranked by personalized PageRank from it."""
    with reported():
        found = asyncio.run(_related(ctx.obj, scope, entity, limit))
    table = figures(f"Around {found.name} ({found.type})", ["entity"], ["score"])
    for e in found.entities:
        table.add_row(f"{e.name} ({e.type})", f"{e.score:.4f}")
    console.print(table)
    for edu in found.edus:
        console.print(f"- {edu.text}  [dim]({edu.session}, {edu.score:.4f})[/dim]")


async def _history(
    settings: Settings, scope: str, entity: str, attribute: str | None, limit: int
) -> list[HeldValue]:
    config = settings.neo4j()
    async with open_driver(config) as driver:
        return await history(driver, config.database, scope, entity, attribute, limit)


def history_command(
    ctx: typer.Context,
    entity: Annotated[str, typer.Argument(help="an entity's name or id")],
    scope: Scope,
    attribute: Annotated[
        str | None, typer.Option(help="only this one: residence, employer, …")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=MAX_HISTORY)] = 100,
) -> None:
    """What the scope says of ENTITY, attribute by attribute, in the order said: each value,
    from when to when it held, and what superseded it."""
    with reported():
        found = asyncio.run(_history(ctx.obj, scope, entity, attribute, limit))
    if not found:
        console.print(f"Scope {scope!r} states no facts of {entity!r} that changed or could.")
        raise typer.Exit(1)
    table = figures(f"History of {entity}", ["attribute", "value", "from", "to", "statement"])
    for x in found:
        value = f"ended: {x.value}" if x.ended else x.value
        start, end = x.valid_from or "", x.valid_to or "now"
        table.add_row(x.attribute, value, str(start), str(end), x.text)
    console.print(table)


COMMANDS = {"recall": recall_command, "related": related_command, "history": history_command}
