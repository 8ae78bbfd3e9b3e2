"""`hippograph append`: turns added to a session as they come, from a file or a pipe.

Each line is appended on its own, so a conversation piped in as it happens (`tail -f chat.jsonl
| hippograph append …`) is recallable turn by turn. A line is a turn as JSON (``speaker``,
``text``, and optionally ``id``, ``role``, ``timestamp``, ``image_caption``), or, with
``--speaker``, plain text said by that speaker. A turn given an id is stored once however often
it is sent (run the same file again after a crash: what is stored is skipped).
"""

import asyncio
import contextlib
import json
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Annotated, TextIO

import typer
from pydantic import ValidationError

from hippograph.api.settings import Settings
from hippograph.api.wiring import ExtractorKind, open_pipeline, parallel_extraction
from hippograph.cli.console import console, reported
from hippograph.graph.model import Scope
from hippograph.ingest.errors import LoadError
from hippograph.ingest.formats.reading import describe
from hippograph.ingest.pipeline import IngestPipeline
from hippograph.ingest.records import DEFAULT_CONVERSATION, SessionRecord, TurnRecord


def _turns(lines: TextIO, where: str, speaker: str | None) -> Iterator[TurnRecord]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            if speaker is not None and not line.lstrip().startswith("{"):
                yield TurnRecord(speaker=speaker, text=line.rstrip("\n"))
            else:
                yield TurnRecord.model_validate(json.loads(line))
        except (ValueError, ValidationError) as error:
            problem = describe(error) if isinstance(error, ValidationError) else str(error)
            raise LoadError(where, f"line {number}", problem) from None


async def _append_all(
    pipeline: IngestPipeline, scope: Scope, template: SessionRecord, turns: Iterator[TurnRecord]
) -> tuple[int, int, int]:
    """Append each turn on its own; (turns sent, turns stored, EDUs stored)."""
    sent = stored = edus = 0
    for turn in turns:
        outcome = await pipeline.append(scope, template.model_copy(update={"turns": [turn]}))
        sent, stored, edus = sent + 1, stored + outcome.stored, edus + outcome.edus
        for t in outcome.turns:
            state = "stored" if t.new else "already stored"
            console.print(f"{outcome.session_id} turn {t.source_id} at {t.position}: {state}")
    return sent, stored, edus


async def _run(
    settings: Settings, scope: Scope, template: SessionRecord, turns: Iterator[TurnRecord]
) -> tuple[int, int, int]:
    with parallel_extraction(settings, ExtractorKind.OFFLINE) as extraction:
        async with open_pipeline(settings, extraction) as (_, pipeline):
            return await _append_all(pipeline, scope, template, turns)


def append(
    ctx: typer.Context,
    scope: Annotated[str, typer.Option(help="the scope to remember in")],
    session: Annotated[str, typer.Option(help="the session's id (created when new)")],
    path: Annotated[
        str, typer.Argument(help="a JSONL file of turns, or - for standard input")
    ] = "-",
    conversation: Annotated[str, typer.Option(help="the session's conversation")] = (
        DEFAULT_CONVERSATION
    ),
    started_at: Annotated[
        datetime | None, typer.Option(help="the session's date, when this creates it")
    ] = None,
    speaker: Annotated[
        str | None, typer.Option(help="who said the lines that are plain text, not JSON")
    ] = None,
) -> None:
    """Append turns to a session one at a time: each is extracted in the context of the
    session's last turns, embedded, linked and recallable before the next is read."""
    settings: Settings = ctx.obj
    with reported():
        template = SessionRecord(conversation=conversation, session=session, started_at=started_at)
        with (
            contextlib.nullcontext(sys.stdin)
            if path == "-"
            else Path(path).open(encoding="utf-8") as lines
        ):
            turns = _turns(lines, "standard input" if path == "-" else path, speaker)
            sent, stored, edus = asyncio.run(_run(settings, Scope(id=scope), template, turns))
    console.print(
        f"{sent} turns sent, {stored} stored ({sent - stored} were stored already), "
        f"{edus} EDUs, in scope {scope}."
    )


COMMANDS = {"append": append}
