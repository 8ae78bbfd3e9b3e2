"""hippograph's GraphQL schema, one module per domain: recall, history, sessions, browsing,
scenes, ingestion, jobs, scopes and export, each with its types, inputs and resolvers.

``build_schema`` is the one place they are assembled; ``hippograph graphql-schema`` prints it
and ``api/graphql/schema.graphql`` holds the printed copy that clients generate code from.
"""

from collections.abc import Callable

from strawberry.extensions import (
    DisableIntrospection,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.tools import merge_types

from hippograph.api.graphql.browse import BrowseQueries
from hippograph.api.graphql.export import ExportMutations
from hippograph.api.graphql.history import HistoryQueries
from hippograph.api.graphql.ingest import IngestMutations
from hippograph.api.graphql.jobs import JobQueries
from hippograph.api.graphql.limits import limit_extensions
from hippograph.api.graphql.problems import InternalErrors, Schema
from hippograph.api.graphql.recall import RecallQueries
from hippograph.api.graphql.scenes import SceneMutations, SceneQueries
from hippograph.api.graphql.scopes import ScopeMutations, ScopeQueries
from hippograph.api.graphql.sessions import SessionQueries
from hippograph.api.settings import ApiLimits

DOCUMENT_CACHE = 256
Query = merge_types(
    "Query",
    (
        RecallQueries,
        HistoryQueries,
        ScopeQueries,
        SessionQueries,
        BrowseQueries,
        SceneQueries,
        JobQueries,
    ),
)
Mutation = merge_types(
    "Mutation", (IngestMutations, ExportMutations, SceneMutations, ScopeMutations)
)


def build_schema(
    limits: ApiLimits | None = None,
    introspection: bool = True,
    field_metrics: Callable[[], SchemaExtension] | None = None,
) -> Schema:
    """The schema; with ``limits``, operations past them are refused before they run."""
    extensions: list[Callable[[], SchemaExtension]] = [InternalErrors]
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
    return Schema(query=Query, mutation=Mutation, extensions=extensions)
