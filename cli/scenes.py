"""`hippograph scenes build|list` and `hippograph persona`: scene-level memory."""

import asyncio
import time
from typing import Annotated

import typer
from neo4j import AsyncDriver
from rich.progress import TextColumn, TimeElapsedColumn

from hippograph.api.settings import Settings
from hippograph.api.wiring import summarizer
from hippograph.cli.console import console, counting_progress, figures, reported
from hippograph.graph.connection import open_driver
from hippograph.graph.errors import NotFoundError
from hippograph.graph.gds.scenes import SceneReport, build_scenes, get_persona, list_scenes
from hippograph.graph.model import Persona, Scene
from hippograph.graph.store import list_scopes

NAME = "scenes"
app = typer.Typer(help="Leiden scenes and speaker personas.", no_args_is_help=True)

Scope = Annotated[str, typer.Option(help="the memory scope")]


async def _summarize(settings: Settings, driver: AsyncDriver, database: str, scope: str) -> int:
    rewriter = summarizer(settings)
    return await rewriter.rewrite_scope(driver, database, scope) if rewriter else 0


async def _build(settings: Settings, scope: str | None) -> list[tuple[SceneReport, int]]:
    config = settings.neo4j()
    async with open_driver(config) as driver:
        scopes = [scope] if scope else list(await list_scopes(driver, config.database))
        if scope and scope not in await list_scopes(driver, config.database):
            raise NotFoundError(f"scope {scope!r} holds no sessions")
        reports = []
        with counting_progress(TextColumn("{task.fields[step]}"), TimeElapsedColumn()) as progress:
            task = progress.add_task("scopes", total=len(scopes), step="")
            for name in scopes:

                def step(text: str, name: str = name) -> None:
                    progress.update(task, step=f"{name}: {text}")

                report = await build_scenes(driver, config, name, on_step=step)
                step("summaries")
                rewritten = await _summarize(settings, driver, config.database, name)
                reports.append((report, rewritten))
                progress.advance(task)
        return reports


@app.command("build")
def scenes_build(
    ctx: typer.Context,
    scope: Annotated[str | None, typer.Option(help="one scope (default: every scope)")] = None,
) -> None:
    """Build (or rebuild) scenes and personas: Leiden on the scope's graph, then summaries."""
    started = time.perf_counter()
    with reported():
        reports = asyncio.run(_build(ctx.obj, scope))
    table = figures(
        "Scenes built", ["scope", "scenes per level", "personas", "LLM summaries", "seconds"]
    )
    for report, rewritten in reports:
        levels = ", ".join(f"L{k}: {v}" for k, v in sorted(report.scenes_per_level.items()))
        seconds = ", ".join(f"{k} {v:.2f}" for k, v in report.seconds.items())
        table.add_row(report.scope, levels, str(report.personas), str(rewritten), seconds)
    console.print(table)
    console.print(f"Done in {time.perf_counter() - started:.1f} s.")


async def _scenes(settings: Settings, scope: str, level: int | None, limit: int) -> list[Scene]:
    config = settings.neo4j()
    async with open_driver(config) as driver:
        return await list_scenes(driver, config.database, scope, level, limit)


@app.command("list")
def scenes_list(
    ctx: typer.Context,
    scope: Scope,
    level: Annotated[
        int | None, typer.Option(help="one level (0 is the finest; default: all)")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
) -> None:
    """The scope's scenes, largest first, with their top entities and summaries."""
    with reported():
        scenes = asyncio.run(_scenes(ctx.obj, scope, level, limit))
    if not scenes:
        console.print(f"No scenes in scope {scope!r}; run `hippograph scenes build`.")
        raise typer.Exit(1)
    table = figures(
        f"Scenes of {scope}", ["id", "EDUs", "sessions", "span", "top entities", "summary"]
    )
    for s in scenes:
        span = f"{s.start} – {s.end}" if s.start else ""
        table.add_row(
            s.id, str(s.size), str(s.sessions), span, ", ".join(s.top_entities), s.summary
        )
    console.print(table)


async def _persona(settings: Settings, scope: str, speaker: str) -> Persona:
    config = settings.neo4j()
    async with open_driver(config) as driver:
        return await get_persona(driver, config.database, scope, speaker)


def persona(
    ctx: typer.Context,
    speaker: Annotated[str, typer.Argument(help="the speaker's name or entity id")],
    scope: Scope,
) -> None:
    """What one speaker is like: their themes, dominant scenes and stated facts."""
    with reported():
        found = asyncio.run(_persona(ctx.obj, scope, speaker))
    console.print(f"[bold]{found.name}[/bold] ({found.summarized_by})\n{found.summary}\n")
    for scene in found.scenes:
        console.print(f"- scene {scene.id} ({scene.size} EDUs): {', '.join(scene.top_entities)}")
    for fact in found.facts:
        console.print(f"* {fact}")


COMMANDS = {"persona": persona}
