"""`hippograph up`: the main job. Neo4j + GDS up, the sample conversations stored, scenes built,
a local API key, then the API served until Ctrl-C, which stops what this command started."""

import asyncio
import os
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from hippograph.api.app import GRAPHQL_PATH, create_app
from hippograph.api.auth import create_key, read_keys_file
from hippograph.api.settings import Settings
from hippograph.api.wiring import ExtractorKind
from hippograph.cli.console import console, reported
from hippograph.cli.ingest import ingest_file
from hippograph.graph.connection import open_driver
from hippograph.graph.gds.scenes import build_scenes, list_scenes
from hippograph.graph.launcher import LocalNeo4j, install
from hippograph.graph.store import gds_version
from hippograph.ingest.formats import InputFormat
from hippograph.ingest.sample import SAMPLE_CONVERSATIONS, SAMPLE_SCOPE

LOCAL_KEY = "local-admin"


def local_key_path(settings: Settings) -> Path:
    return settings.keys_path().with_name("local-api-key")


def local_key(settings: Settings) -> str:
    """The local admin key, created once: its digest in the keys file, the key itself kept for
    this user only (mode 0600) in the same folder, so the two go together."""
    kept = local_key_path(settings)
    known = {g.name for g in read_keys_file(settings.keys_path())}
    if kept.exists() and LOCAL_KEY in known:
        return kept.read_text(encoding="utf-8").strip()
    key = create_key(settings.keys_path(), LOCAL_KEY, [], ["*"])
    kept.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(key + "\n")
    return key


async def _scenes_if_needed(settings: Settings, changed: bool) -> int:
    config = settings.neo4j()
    async with open_driver(config) as driver:
        if not changed and await list_scenes(driver, config.database, SAMPLE_SCOPE, limit=1):
            return 0
        report = await build_scenes(driver, config, SAMPLE_SCOPE)
        return report.scenes


def _example(url: str, key: str) -> str:
    query = (
        '{ recall(scope: \\"sample\\", query: \\"When did Crumb & Co open?\\", k: 3) '
        "{ ... on Recall { hits { rank edu { text sessionId turns { speaker text } } "
        "explanation { summary } } } ... on Error { message } } }"
    )
    return (
        f"curl -s {url} -H 'Authorization: Bearer {key}' "
        f"-H 'content-type: application/json' -d '{{\"query\": \"{query}\"}}'"
    )


async def _external_gds(settings: Settings) -> str:
    config = settings.neo4j()
    async with open_driver(config) as driver:
        return await gds_version(driver, config.database)


def _start_neo4j(settings: Settings) -> tuple[str | None, bool]:
    """Neo4j ready: the configured one (HIPPOGRAPH_NEO4J_URI), or the local server, started if
    it was not running; (its browser URL if local, whether it ran before)."""
    if settings.neo4j_uri:
        version = asyncio.run(_external_gds(settings))
        console.print(f"Neo4j at {settings.neo4j_uri} (GDS {version}); no local server started.")
        return None, True
    config = settings.local_server()
    server = LocalNeo4j(config)
    with console.status(f"Neo4j {config.neo4j_version} + GDS {config.gds_version}"):
        install(config)
        was_running = server.status().running
        status = server.start(settings.password())
    console.print(f"Neo4j running (pid {status.pid}){' already' if was_running else ''}.")
    return status.browser_url, was_running


def _print_urls(settings: Settings, browser_url: str | None, key: str) -> None:
    base = f"http://{settings.api_host}:{settings.api_port}"
    console.print(
        f"\n[bold]GraphQL[/bold]        {base}{GRAPHQL_PATH}  (GraphiQL in a browser; "
        "header Authorization: Bearer <key>)"
    )
    console.print(f"[bold]Dashboard[/bold]      {base}/dashboard/#key={key}")
    console.print(
        f"[bold]Health[/bold]         {base}/health    [bold]Metrics[/bold] {base}/metrics"
    )
    if browser_url:
        console.print(
            f"[bold]Neo4j Browser[/bold]  {browser_url}  (user {settings.neo4j_user}, "
            f"password in {settings.cache_dir / 'neo4j-password'}; guide: docs/browser.md)"
        )
    console.print(f"[bold]API key[/bold]        {key}  (kept in {local_key_path(settings)})")
    console.print("\nTry:\n" + _example(f"{base}{GRAPHQL_PATH}", key), markup=False, soft_wrap=True)


def up(
    ctx: typer.Context,
    sample: Annotated[bool, typer.Option(help="store the sample conversations")] = True,
    serve: Annotated[bool, typer.Option(help="serve the API until Ctrl-C")] = True,
) -> None:
    """The main job: Neo4j + GDS (the local server, or HIPPOGRAPH_NEO4J_URI's), the schema, the
    sample conversations with scenes, the API."""
    settings: Settings = ctx.obj
    with reported():
        browser_url, was_running = _start_neo4j(settings)
        if sample:
            report = asyncio.run(
                ingest_file(
                    settings,
                    SAMPLE_CONVERSATIONS,
                    InputFormat.JSONL,
                    SAMPLE_SCOPE,
                    ExtractorKind.OFFLINE,
                    reembed=True,
                )
            )
            console.print(
                f"Sample: {report.sessions_written} sessions stored, "
                f"{report.sessions_unchanged} unchanged."
            )
            scenes = asyncio.run(_scenes_if_needed(settings, report.sessions_written > 0))
            console.print(f"Scenes: {scenes} built." if scenes else "Scenes: up to date.")
        key = local_key(settings)
        app = create_app(settings)
    if not serve:
        _print_urls(settings, browser_url, key)
        return
    uvicorn_server = uvicorn.Server(
        uvicorn.Config(app, host=settings.api_host, port=settings.api_port, log_level="warning")
    )

    async def run() -> None:
        serving = asyncio.create_task(uvicorn_server.serve())
        while not uvicorn_server.started and not serving.done():
            await asyncio.sleep(0.1)
        if uvicorn_server.started:  # the URLs answer from now on
            _print_urls(settings, browser_url, key)
            console.print("\nReady; Ctrl-C stops the API" + ("." if was_running else " and Neo4j."))
        await serving

    try:
        asyncio.run(run())
    finally:
        if not was_running:
            LocalNeo4j(settings.local_server()).stop()
            console.print("Neo4j stopped.")


COMMANDS = {"up": up}
