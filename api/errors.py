"""The errors only the API raises (a bad input or a limit is graph/errors.py's, same root)."""

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


class KeysFileError(ApiError):
    """The API keys file cannot be read or is malformed."""
