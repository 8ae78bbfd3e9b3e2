"""Prometheus metrics of the API server: requests by route and status, their latency, and each
top-level GraphQL field's outcome (its result type) and latency.

With several workers (``hippograph serve --workers N``) each process writes its samples to
``PROMETHEUS_MULTIPROC_DIR`` and a scrape of any worker adds them all up.
"""

import inspect
import os
import time
from collections.abc import Callable
from typing import Any

from graphql import GraphQLResolveInfo
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

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

    async def endpoint(self, request: Request) -> Response:
        registry = self.registry
        if os.environ.get(MULTIPROCESS_DIR):
            registry = CollectorRegistry()
            MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
