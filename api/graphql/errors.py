"""Typed errors as data: every top-level field answers its result or one of these.

A client switches on ``__typename`` (or queries the ``Error`` interface's ``message``);
nothing is reported as a bare string. Errors raised before any resolver runs (no key, a
malformed or over-deep document, a body too large) arrive as GraphQL ``errors`` whose
``extensions.code`` names them.
"""

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry
from pydantic import ValidationError as PydanticValidationError

from hippograph.api.errors import ForbiddenError, InvalidInputError, LimitExceededError
from hippograph.graph.errors import (
    EmbeddingMismatchError,
    InvalidArgumentError,
    NotFoundError,
    RecallLimitError,
)
from hippograph.ingest.errors import IngestError, SessionConflictError


@strawberry.interface(description="What went wrong, for a person to read.")
class Error:
    message: str


@strawberry.type(name="ValidationError", description="An argument that is not acceptable.")
class ValidationProblem(Error):
    field: str | None = None


@strawberry.type(name="NotFoundError", description="No such scope item (id, name, job).")
class NotFound(Error):
    pass


@strawberry.type(name="ForbiddenError", description="The API key may not touch this scope.")
class Forbidden(Error):
    scope: str


@strawberry.type(name="LimitExceededError", description="The request asks for too much.")
class LimitExceeded(Error):
    limit: int | None = None


@strawberry.type(
    name="ConflictError",
    description="The scope holds this session with other content, and onConflict was FAIL.",
)
class Conflict(Error):
    pass


@strawberry.type(
    name="EmbeddingMismatchError",
    description="The scope was embedded by another model than this server's (or is being "
    "re-embedded): its vectors cannot answer this server's questions. reembedScope fixes it.",
)
class EmbeddingMismatch(Error):
    pass


Problem = ValidationProblem | NotFound | Forbidden | LimitExceeded | Conflict | EmbeddingMismatch
T = TypeVar("T")


def _pydantic(error: PydanticValidationError) -> ValidationProblem:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or None
    return ValidationProblem(message=f"{where or 'input'}: {first['msg']}", field=where)


async def answer(work: Callable[[], Awaitable[T]]) -> T | Problem:
    """``work``'s result, or the typed error for what hippograph raised on purpose."""
    try:
        return await work()
    except ForbiddenError as error:
        return Forbidden(message=str(error), scope=error.scope)
    except NotFoundError as error:
        return NotFound(message=str(error))
    except LimitExceededError as error:
        return LimitExceeded(message=str(error), limit=error.limit)
    except RecallLimitError as error:
        return LimitExceeded(message=str(error), limit=error.limit)
    except InvalidArgumentError as error:
        return ValidationProblem(message=str(error), field=error.field)
    except SessionConflictError as error:
        return Conflict(message=str(error))
    except EmbeddingMismatchError as error:
        return EmbeddingMismatch(message=str(error))
    except InvalidInputError as error:
        return ValidationProblem(message=str(error), field=error.field)
    except PydanticValidationError as error:
        return _pydantic(error)
    except (IngestError, ValueError) as error:
        return ValidationProblem(message=str(error))
