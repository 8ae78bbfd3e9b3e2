"""Typed errors as data, and what an unexpected exception answers.

Every top-level field answers its result or one of the types below: ``answered`` (a strawberry
field extension on each of them) turns what hippograph raised on purpose into its type, and a
client switches on ``__typename`` (or queries the ``Error`` interface's ``message``). Anything
else (a bug, a driver error) is no fault of the caller's: ``InternalErrors`` answers it as a
GraphQL error with code INTERNAL and the request's id, and logs its trace under that id. Errors
raised before any resolver runs (no key, a malformed or over-deep document, a body too large)
arrive as GraphQL ``errors`` whose ``extensions.code`` names them. An unreachable database
answers UNAVAILABLE (api/app.py) and is logged in one line per request, without its trace.
"""

import logging
from collections.abc import Iterator
from typing import Any

import strawberry
from graphql import GraphQLError
from pydantic import ValidationError as PydanticValidationError
from strawberry.extensions import FieldExtension, SchemaExtension
from strawberry.extensions.field_extension import AsyncExtensionResolver
from strawberry.types import ExecutionContext, get_object_definition

from hippograph.api.errors import ForbiddenError
from hippograph.graph.connection import unreachable
from hippograph.graph.errors import (
    EmbeddingMismatchError,
    InvalidInputError,
    LimitExceededError,
    NotFoundError,
)
from hippograph.ingest.errors import SessionConflictError

log = logging.getLogger(__name__)
INTERNAL_MESSAGE = "internal error (logged)"


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


def invalid_input(error: PydanticValidationError, argument: str) -> InvalidInputError:
    """A caller's argument that its model refused, named by its path (``filters.dateTo``).
    Only arguments are converted so: a model that refuses what the database returned is a bug,
    and answers INTERNAL."""
    first = error.errors()[0]
    where = ".".join([argument, *(str(part) for part in first["loc"])])
    return InvalidInputError(f"{where}: {first['msg']}", where)


def problem_of(error: Exception) -> Problem | None:
    """The typed answer to what hippograph raised on purpose; None for anything else."""
    message = str(error)
    match error:
        case ForbiddenError():
            return Forbidden(message=message, scope=error.scope)
        case NotFoundError():
            return NotFound(message=message)
        case LimitExceededError():
            return LimitExceeded(message=message, limit=error.limit)
        case InvalidInputError():  # a session's, a question's ("query") and every other
            return ValidationProblem(message=message, field=error.field)
        case SessionConflictError():
            return Conflict(message=message)
        case EmbeddingMismatchError():
            return EmbeddingMismatch(message=message)
    return None


class TypedErrors(FieldExtension):
    """A field's result, or the typed error for what hippograph raised on purpose."""

    async def resolve_async(
        self, next_: AsyncExtensionResolver, source: Any, info: Any, **kwargs: Any
    ) -> Any:
        try:
            return await next_(source, info, **kwargs)
        except Exception as error:
            problem = problem_of(error)
            if problem is None:
                raise
            return problem


def answered(description: str) -> Any:
    """A query field that answers its result or a ``Problem``."""
    return strawberry.field(description=description, extensions=[TypedErrors()])


def answered_mutation(description: str) -> Any:
    """A mutation that answers its result or a ``Problem``."""
    return strawberry.mutation(description=description, extensions=[TypedErrors()])


def _unexpected(error: GraphQLError) -> bool:
    """Not raised on purpose (driver errors, bugs). An unreachable database is no secret: the
    view answers it as UNAVAILABLE."""
    original = error.original_error
    return (
        original is not None
        and not isinstance(original, GraphQLError)
        and not unreachable(original)
        and problem_of(original) is None
    )


def _typed(error: GraphQLError) -> GraphQLError:
    """What hippograph raised on purpose in a nested field (a page's ``first`` over the limit
    in ``entities { nodes { edus(first: 500) } }``), where no result union can carry it: a
    GraphQL error whose code is the typed error's name, with its message and fields."""
    original = error.original_error
    problem = problem_of(original) if original is not None else None
    if problem is None:
        return error
    definition = get_object_definition(type(problem), strict=True)
    details = {k: v for k, v in vars(problem).items() if k != "message" and v is not None}
    return _answered_as(error, problem.message, {"code": definition.name, **details})


def _field(error: GraphQLError) -> str:
    """Where in the answer ``error`` happened, for the log: ``entities.nodes.0.edus``."""
    return ".".join(str(p) for p in error.path or ())


def _answered_as(error: GraphQLError, message: str, extensions: dict[str, Any]) -> GraphQLError:
    """``error`` where it was, saying ``message`` with ``extensions`` instead."""
    return GraphQLError(
        message=message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


class InternalErrors(SchemaExtension):
    """Unexpected exceptions answer INTERNAL with the request's id, their trace logged under
    it; what they said stays in the log (it may name the database's internals). What
    hippograph raised on purpose below a top-level field answers with its typed error's name."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors: list[GraphQLError] | None = getattr(result, "errors", None)
        if not errors:
            return
        request_id = str(getattr(self.execution_context.context, "request_id", "unknown"))
        result.errors = [  # type: ignore[union-attr]
            self._internal(e, request_id) if _unexpected(e) else _typed(e) for e in errors
        ]

    @staticmethod
    def _internal(error: GraphQLError, request_id: str) -> GraphQLError:
        original = error.original_error
        log.error(
            "request %s: %s at %s",
            request_id,
            type(original).__name__,
            _field(error),
            exc_info=original,
        )
        return _answered_as(
            error,
            f"{INTERNAL_MESSAGE}; request id {request_id}",
            {"code": "INTERNAL", "requestId": request_id},
        )


class Schema(strawberry.Schema):
    """strawberry's schema, but an unreachable database is logged in one line per request, not
    with its trace: it is a known condition the answer already names (UNAVAILABLE), and a
    restart under load would otherwise write thousands of lines of the same trace."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        request_id = getattr(getattr(execution_context, "context", None), "request_id", "unknown")
        logged = []
        for error in errors:
            if error.original_error is not None and unreachable(error.original_error):
                log.warning("request %s: the database is unreachable (%s at %s)", request_id,
                            type(error.original_error).__name__, _field(error))  # fmt: skip
            else:
                logged.append(error)
        super().process_errors(logged, execution_context)
