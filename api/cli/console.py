"""Terminal output shared by the CLI commands: where text goes, and how errors read."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from hippograph.graph.connection import unreachable
from hippograph.graph.errors import HippographError

console = Console()
errors = Console(stderr=True, soft_wrap=True)  # an error stays one greppable line


# Set by the root command from `hippograph --debug`: errors then show their traceback.
debugging: ContextVar[bool] = ContextVar("debugging", default=False)


@contextmanager
def reported() -> Iterator[None]:
    """Turn hippograph's own errors, and an unreachable database, into one red line and exit
    status 1; the traceback only with ``hippograph --debug``."""
    try:
        yield
    except HippographError as error:
        if debugging.get():
            raise
        errors.print(f"[red]error:[/red] {escape(' '.join(str(error).split()))}")
        raise typer.Exit(1) from None
    except Exception as error:
        if not unreachable(error) or debugging.get():
            raise
        said = " ".join(str(error).split())  # the driver's message spans lines
        errors.print(
            f"[red]error:[/red] Neo4j cannot be reached ({escape(said)}); start it "
            "(hippograph neo4j start) or check HIPPOGRAPH_NEO4J_URI, then run the command again"
        )
        raise typer.Exit(1) from None


def figures(title: str, labels: Sequence[str], numbers: Sequence[str] = ()) -> Table:
    """A table of label columns (left-aligned) followed by figure columns (right-aligned)."""
    table = Table(title=title)
    for column in labels:
        table.add_column(column)
    for column in numbers:
        table.add_column(column, justify="right")
    return table
