"""Terminal output shared by the CLI commands: where text goes, and how errors read."""

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from graph.errors import HippographError

console = Console()
errors = Console(stderr=True, soft_wrap=True)  # an error stays one greppable line


@contextmanager
def reported() -> Iterator[None]:
    """Turn hippograph's own errors into one red line and exit status 1 (no traceback)."""
    try:
        yield
    except HippographError as error:
        errors.print(f"[red]error:[/red] {error}")
        raise typer.Exit(1) from None
