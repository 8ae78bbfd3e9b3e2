"""Errors raised while turning raw input into the memory model."""

from pathlib import Path

from hippograph.graph.errors import HippographError, InvalidInputError


class IngestError(HippographError):
    """Root of the ingest layer's errors."""


class LoadError(IngestError):
    """An input file is malformed. Says which file, which item or line, and what is wrong."""

    def __init__(self, path: Path | str, where: str, problem: str) -> None:
        self.path = str(path)
        self.where = where
        self.problem = problem
        super().__init__(f"{self.path}: {where}: {problem}")


class ModelNotInstalledError(IngestError):
    """A configured language or embedding model is not installed."""


class SessionConflictError(IngestError):
    """A session's identity is stored with other content, and the caller asked to fail then."""


class InvalidSessionError(IngestError, InvalidInputError):
    """A session that cannot be stored as given (no turns, an id outside the grammar, twice in
    one batch); ``field`` names what is wrong."""
