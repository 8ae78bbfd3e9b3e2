"""Terminal output shared by the CLI commands: where text goes, and how errors read."""

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TaskID,
    TextColumn,
)
from rich.table import Table

from hippograph.graph.connection import unreachable
from hippograph.graph.errors import HippographError

# soft_wrap: a line is never broken at the width, with or without a terminal, so a URL, key,
# path or command is copied whole from a log (a table still fits the width).
console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)  # an error stays one greppable line
# Without a terminal, long work prints one plain progress line this often (and at the end).
PLAIN_EVERY_S = 5.0


class _PlainProgress(Progress):
    """Progress for logs and pipes, where rich draws nothing until the end: each task as one
    plain line on stderr every PLAIN_EVERY_S seconds, and once more when the work stops."""

    def __init__(self, *columns: str | ProgressColumn) -> None:
        super().__init__(*columns, console=errors, disable=True)
        self._told = 0.0

    def update(self, task_id: TaskID, **changes: Any) -> None:
        super().update(task_id, **changes)
        self._tell(task_id)

    def advance(self, task_id: TaskID, advance: float = 1) -> None:
        super().advance(task_id, advance)
        self._tell(task_id)

    def stop(self) -> None:
        super().stop()
        for task in self.tasks:
            self._line(task.id)

    def _tell(self, task_id: TaskID) -> None:
        if time.monotonic() - self._told >= PLAIN_EVERY_S:
            self._line(task_id)

    def _line(self, task_id: TaskID) -> None:
        self._told = time.monotonic()
        task = self._tasks[task_id]
        done = f"{task.completed:.0f}" + (f"/{task.total:.0f}" if task.total else "")
        share = f" ({task.percentage:.0f}%)" if task.total else ""
        details = " ".join(str(v) for v in task.fields.values() if v)
        elapsed = f"{task.elapsed or 0.0:.0f} s"
        errors.print(f"{task.description}: {done}{share} {details} [{elapsed}]", markup=False)


def progress_display(*columns: str | ProgressColumn) -> Progress:
    """A progress display: rich's bar on a terminal, periodic plain lines on stderr without."""
    return Progress(*columns, console=console) if console.is_terminal else _PlainProgress(*columns)


def counting_progress(*after: str | ProgressColumn) -> Progress:
    """The progress display of a counted job: what is counted, a bar, done/total, then
    ``after`` (a task's own fields, elapsed or remaining time)."""
    return progress_display(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), *after
    )


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
