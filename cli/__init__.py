"""The ``hippograph`` command line: every job a user runs starts here.

One module per command or command group (``hippograph eval`` gathers several, each in a module
of its own); settings are built once in the root callback and handed to each
command through the context. Only this package imports :mod:`hippograph.evaluation`.
"""

import logging
from types import ModuleType
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.markup import escape

from hippograph.api.settings import Settings
from hippograph.cli import (
    append,
    extract,
    ingest,
    keys,
    launcher,
    mcp,
    recall,
    reembed,
    scenes,
    schema,
    serve,
    up,
)
from hippograph.cli.console import debugging, errors

# What the `eval` extra installs: `hippograph eval` and `hippograph bench` need it, the rest
# of the command line does not.
EVAL_EXTRA = frozenset({"bm25s", "matplotlib"})

app = typer.Typer(
    help="Long-term memory for conversational agents on Neo4j + GDS.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    ctx: typer.Context,
    debug: Annotated[
        bool, typer.Option("--debug", help="show the traceback of an error, not one line")
    ] = False,
) -> None:
    debugging.set(debug)
    if not debug:
        # The driver logs each retry and each dropped connection on stderr; the command's own
        # one line says what failed, what was stored and what to do.
        logging.getLogger("neo4j").setLevel(logging.CRITICAL)
    try:
        ctx.obj = Settings()
    except ValidationError as error:
        errors.print(f"[red]Invalid settings:[/red]\n{error}")
        raise typer.Exit(2) from None


def _needs_eval_extra(name: str, missing: str) -> None:
    """A stand-in for a measuring group whose extra is not installed: it says how to get it."""

    def refuse() -> None:
        errors.print(
            f"[red]error:[/red] `hippograph {name}` needs the eval extra ({missing} is not "
            + escape("installed): pip install 'hippograph[eval]'")
        )
        raise typer.Exit(1)

    refuse.__doc__ = "(not installed: pip install 'hippograph[eval]')"
    anything = {"allow_extra_args": True, "ignore_unknown_options": True}
    app.command(name, context_settings=anything, add_help_option=False)(refuse)


def _add_measuring_groups() -> None:
    try:
        from hippograph.cli import bench, evaluate, ranker
    except ModuleNotFoundError as error:
        if error.name not in EVAL_EXTRA:
            raise
        for name in ("eval", "bench", "ranker"):
            _needs_eval_extra(name, error.name)
        return
    measuring: tuple[ModuleType, ...] = (evaluate, bench, ranker)
    for group in measuring:
        app.add_typer(group.app, name=group.NAME)


for group in (launcher, schema, scenes, keys):
    app.add_typer(group.app, name=group.NAME)
_add_measuring_groups()
for module in (up, serve, extract, ingest, append, recall, reembed, scenes, schema, mcp):
    for name, command in module.COMMANDS.items():
        app.command(name)(command)
