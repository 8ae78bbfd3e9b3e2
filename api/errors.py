"""The errors the API layer raises itself (graph and ingest raise their own, same root)."""

from hippograph.graph.errors import HippographError


class ApiError(HippographError):
    """Root of the API's own errors."""


class UnauthenticatedError(ApiError):
    """No API key, or one that no grant matches."""


class ForbiddenError(ApiError):
    """The key may not read (or write) the scope it asked for."""

    def __init__(self, message: str, scope: str) -> None:
        super().__init__(message)
        self.scope = scope


class InvalidInputError(ApiError):
    """An argument the schema's types accept but its meaning does not (a bad cursor, a
    session without turns)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class LimitExceededError(ApiError):
    """A request past a configured limit: page size, k, query length, batch size."""

    def __init__(self, message: str, limit: int | None = None) -> None:
        super().__init__(message)
        self.limit = limit


class KeysFileError(ApiError):
    """The API keys file cannot be read or is malformed."""
