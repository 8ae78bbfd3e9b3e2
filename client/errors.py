"""What the client raises: one root, and one class per error type of the GraphQL schema."""

from typing import Any


class HippographClientError(Exception):
    """Every error the client raises."""


class TransportError(HippographClientError):
    """The server could not be reached, or answered outside the GraphQL contract (an HTTP
    error status, a GraphQL error list)."""


class UnauthenticatedError(TransportError):
    """The API answered 401: no key was sent, or it knows no such key."""


class ApiError(HippographClientError):
    """An error the API answered as data (one member of a result union)."""

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.details = details or {}


class ValidationError(ApiError):
    """An argument that is not acceptable; ``details["field"]`` names it when known."""


class NotFoundError(ApiError):
    """No such scope item (id, name, job)."""


class ForbiddenError(ApiError):
    """The API key may not touch this scope."""


class LimitExceededError(ApiError):
    """The request asks for too much; ``details["limit"]`` is the limit when known."""


class ConflictError(ApiError):
    """The scope holds this session with other content, and on_conflict was "FAIL"."""


class EmbeddingMismatchError(ApiError):
    """The scope was embedded by another model than the server's: re-embed it
    (``reembed_scope``) or serve it with the model it was embedded with."""


class JobFailedError(HippographClientError):
    """A background job ended FAILED, or did not end in the time allowed."""


ERRORS: dict[str, type[ApiError]] = {
    c.__name__: c
    for c in (
        ValidationError,
        NotFoundError,
        ForbiddenError,
        LimitExceededError,
        ConflictError,
        EmbeddingMismatchError,
    )
}
