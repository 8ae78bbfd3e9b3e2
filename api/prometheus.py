"""Prometheus metrics of the API server: requests by route and status, their latency, each
top-level GraphQL field's outcome (its result type) and latency, and the GDS catalog's warm
projections (scopes, bytes against the budget, evictions, cold projections and their latency).

With several workers (``hippograph serve --workers N``) each process writes its samples to
``PROMETHEUS_MULTIPROC_DIR`` and a scrape of any worker adds them all up.
"""

import inspect
import logging
import os
import time
from collections.abc import Callable, Mapping
from typing import Any

from graphql import GraphQLResolveInfo
from neo4j.exceptions import DriverError, Neo4jError
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

from hippograph.api.graphql.context import Resources
from hippograph.graph.gds.catalog import WarmCatalog

log = logging.getLogger(__name__)

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30)
ROUTES = ("/graphql", "/health", "/metrics", "/dashboard")


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "hippograph_http_requests",
            "HTTP requests answered",
            ("method", "route", "status"),
            registry=self.registry,
        )
        self.request_seconds = Histogram(
            "hippograph_http_request_seconds",
            "HTTP request latency",
            ("route",),
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self.fields = Counter(
            "hippograph_graphql_fields",
            "Top-level GraphQL fields resolved, by result type",
            ("field", "result"),
            registry=self.registry,
        )
        self.field_seconds = Histogram(
            "hippograph_graphql_field_seconds",
            "Top-level GraphQL field latency",
            ("field",),
            buckets=_BUCKETS,
            registry=self.registry,
        )

        self.cold_projections = Histogram(
            "hippograph_gds_cold_projection_seconds",
            "Projections a recall found missing and built (a new scope, a restart, an eviction)",
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self.evictions = Counter(
            "hippograph_gds_evictions",
            "Scopes whose projections were dropped to keep the catalog's budget",
            registry=self.registry,
        )
        self.warm_scopes = Gauge(
            "hippograph_gds_warm_scopes",
            "Scopes with a projection in the GDS catalog",
            registry=self.registry,
            multiprocess_mode="max",
        )
        self.catalog_bytes = Gauge(
            "hippograph_gds_catalog_bytes",
            "GDS heap bytes held by hippograph's projections",
            registry=self.registry,
            multiprocess_mode="max",
        )
        self.catalog_budget_bytes = Gauge(
            "hippograph_gds_catalog_budget_bytes",
            "The catalog's budget (HIPPOGRAPH_GDS_CATALOG_BUDGET_MB); absent when unset",
            registry=self.registry,
            multiprocess_mode="max",
        )

    def middleware(self, app: ASGIApp) -> ASGIApp:
        async def measured(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            path = scope["path"]
            route = next((r for r in ROUTES if path == r or path.startswith(r + "/")), "other")
            status = {"code": 500}

            async def remember(message: Message) -> None:
                if message["type"] == "http.response.start":
                    status["code"] = message["status"]
                await send(message)

            started = time.perf_counter()
            try:
                await app(scope, receive, remember)
            finally:
                self.request_seconds.labels(route).observe(time.perf_counter() - started)
                self.requests.labels(scope["method"], route, str(status["code"])).inc()

        return measured

    def field_extension(self) -> Callable[[], SchemaExtension]:
        metrics = self

        class FieldMetrics(SchemaExtension):
            def resolve(
                self,
                _next: Callable[..., Any],
                root: Any,
                info: GraphQLResolveInfo[Any],
                *args: Any,
                **kwargs: Any,
            ) -> Any:
                if info.path.prev is not None:  # only top-level fields are measured
                    return _next(root, info, *args, **kwargs)
                return self._measured(_next, root, info, *args, **kwargs)

            async def _measured(
                self,
                _next: Callable[..., Any],
                root: Any,
                info: GraphQLResolveInfo[Any],
                *args: Any,
                **kwargs: Any,
            ) -> Any:
                started = time.perf_counter()
                outcome = "exception"
                try:
                    result = _next(root, info, *args, **kwargs)
                    result = await result if inspect.isawaitable(result) else result
                    outcome = type(result).__name__
                    return result
                finally:
                    metrics.fields.labels(info.field_name, outcome).inc()
                    metrics.field_seconds.labels(info.field_name).observe(
                        time.perf_counter() - started
                    )

        return FieldMetrics

    async def endpoint(self, holder: Mapping[str, Resources], request: Request) -> Response:
        resources = holder.get("resources")
        if resources:
            await self._read_catalog(resources)
        registry = self.registry
        if os.environ.get(MULTIPROCESS_DIR):
            registry = CollectorRegistry()
            MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    async def _read_catalog(self, resources: Resources) -> None:
        """The catalog's gauges, read at each scrape; left as they were while Neo4j is down."""
        try:
            usage = await WarmCatalog.usage(resources.driver, resources.database)
        except (Neo4jError, DriverError):
            log.warning("could not read the GDS catalog for /metrics", exc_info=True)
            return
        self.warm_scopes.set(usage.scopes)
        self.catalog_bytes.set(usage.bytes)
        if resources.catalog.budget_bytes:
            self.catalog_budget_bytes.set(resources.catalog.budget_bytes)
