"""What the client raises: one root, and one class per error type of the GraphQL schema.

The classes of errors the API answers as data are its GraphQL type names with ``Api`` in front
(``NotFoundError`` arrives as ``ApiNotFoundError``), so that they shadow neither pydantic's
``ValidationError`` nor the server's own exceptions in a program that imports both."""

from typing import Any


class HippographClientError(Exception):
    """Every error the client raises."""


class TransportError(HippographClientError):
    """The server could not be reached, or answered outside the GraphQL contract (an HTTP
    error status, a GraphQL error list).

    ``transient`` is true when sending the same request again may succeed and nothing says it
    was refused: the connection failed or timed out (the request may or may not have been
    applied), or the server answered 502, 503 (the database unreachable) or 504. The client
    retries only idempotent writes (``append_turns``) on such errors."""

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


class AuthenticationError(TransportError):
    """The API answered 401: no key was sent, or it knows no such key."""


class ApiAnswerError(HippographClientError):
    """An error the API answered as data (one member of a result union)."""

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.details = details or {}


class ApiValidationError(ApiAnswerError):
    """An argument that is not acceptable; ``details["field"]`` names it when known."""


class ApiNotFoundError(ApiAnswerError):
    """No such scope item (id, name, job)."""


class ApiForbiddenError(ApiAnswerError):
    """The API key may not touch this scope."""


class ApiLimitExceededError(ApiAnswerError):
    """The request asks for too much; ``details["limit"]`` is the limit when known."""


class ApiConflictError(ApiAnswerError):
    """The scope holds this session with other content, and on_conflict was "FAIL"."""


class ApiEmbeddingMismatchError(ApiAnswerError):
    """The scope was embedded by another model than the server's: re-embed it
    (``reembed_scope``) or serve it with the model it was embedded with."""


class JobFailedError(HippographClientError):
    """A background job ended FAILED, or did not end in the time allowed."""


ERRORS: dict[str, type[ApiAnswerError]] = {
    c.__name__.removeprefix("Api"): c
    for c in (
        ApiValidationError,
        ApiNotFoundError,
        ApiForbiddenError,
        ApiLimitExceededError,
        ApiConflictError,
        ApiEmbeddingMismatchError,
    )
}
