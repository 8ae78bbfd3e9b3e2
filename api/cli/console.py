"""Terminal output shared by the CLI commands: where text goes, and how errors read."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.table import Table

from hippograph.graph.errors import HippographError

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


def figures(title: str, labels: Sequence[str], numbers: Sequence[str] = ()) -> Table:
    """A table of label columns (left-aligned) followed by figure columns (right-aligned)."""
    table = Table(title=title)
    for column in labels:
        table.add_column(column)
    for column in numbers:
        table.add_column(column, justify="right")
    return table
