"""hippograph's GraphQL schema: recall, browsing, ingestion and administration.

``build_schema`` is the one place it is assembled; ``hippograph graphql-schema`` prints it and
``api/graphql/schema.graphql`` holds the printed copy that clients generate code from.
"""

from collections.abc import Callable

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)

from hippograph.api.graphql.limits import limit_extensions
from hippograph.api.graphql.mutation import Mutation
from hippograph.api.graphql.query import Query
from hippograph.api.settings import ApiLimits
from hippograph.graph.connection import unreachable

DOCUMENT_CACHE = 256


def _unexpected(error: GraphQLError) -> bool:
    """Hide what hippograph did not raise on purpose (driver errors, bugs): it is logged. An
    unreachable database is no secret: the view answers it as UNAVAILABLE."""
    original = error.original_error
    return (
        original is not None
        and not isinstance(original, GraphQLError)
        and not unreachable(original)
    )


def build_schema(
    limits: ApiLimits | None = None,
    introspection: bool = True,
    field_metrics: Callable[[], SchemaExtension] | None = None,
) -> strawberry.Schema:
    """The schema; with ``limits``, operations past them are refused before they run."""
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: MaskErrors(should_mask_error=_unexpected, error_message="internal error (logged)")
    ]
    if limits is not None:
        extensions += limit_extensions(limits)
    if not introspection:
        extensions.append(DisableIntrospection)
    if field_metrics is not None:
        extensions.append(field_metrics)
    # Clients send the same few documents again and again: validating each one anew was 8% of
    # the server's CPU under load. Bounded, since a client may send endless new ones; the
    # token limit is part of the parser's cache key, the depth limit a cached validation rule.
    extensions.append(lambda: ParserCache(maxsize=DOCUMENT_CACHE))
    extensions.append(lambda: ValidationCache(maxsize=DOCUMENT_CACHE))
    return strawberry.Schema(query=Query, mutation=Mutation, extensions=extensions)
