"""The API server: GraphQL on /graphql (GraphiQL when enabled), /health and /metrics.

``create_app`` is uvicorn's factory: every worker process builds its settings once, and its
lifespan opens the process's resources (the Neo4j driver, spaCy, the embedding model, the
ingest pipeline) before the first request. Associative recall shares the scopes' warm GDS
projections through the GDS catalog, so workers need no coordination.
"""

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any

from neo4j.exceptions import DriverError, Neo4jError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from hippograph.api.auth import Principal
from hippograph.api.errors import ApiError
from hippograph.api.export_jobs import Exports
from hippograph.api.graphql import build_schema
from hippograph.api.graphql.context import Context, Loaders, Resources
from hippograph.api.ingest_jobs import Ingestion
from hippograph.api.middleware import PRINCIPAL, limit_body, limit_time, require_key
from hippograph.api.prometheus import Metrics
from hippograph.api.scene_upkeep import SceneUpkeep
from hippograph.api.settings import Settings
from hippograph.api.warm import warm
from hippograph.api.wiring import (
    ExtractorKind,
    build_extractor,
    checked_pipeline,
    embeddings,
    query_preparer,
    summarizer,
    warm_catalog,
    write_workers,
)
from hippograph.graph.connection import open_driver, unreachable
from hippograph.graph.recall.lexical import LexicalIndexes
from hippograph.graph.store import gds_version
from hippograph.ingest.embedding.worker import WorkerEmbeddings
from hippograph.ingest.nlp import load_spacy
from hippograph.ingest.parallel import ParallelExtraction
from hippograph.ingest.question_batches import QuestionBatcher

log = logging.getLogger(__name__)
GRAPHQL_PATH = "/graphql"
DASHBOARD_PATH = "/dashboard"
# Built by `make setup` (dashboard/build.mjs) into the package, so a wheel carries it.
DASHBOARD_DIST = Path(__file__).resolve().parent / "dashboard"
NOBODY = Principal(name="anonymous", read=frozenset(), write=frozenset())
UNAVAILABLE_MESSAGE = "the database is unreachable; nothing was changed; retry in a moment"
# /health answers within a second, reachable or not: the driver's retries on an unreachable
# database are cut off at this, with room left for the request itself (0.9 s once came back
# 1.002 s after the client asked, on a busy machine).
HEALTH_TIMEOUT_S = 0.5


class NoKeysError(ApiError):
    """The server would accept no key at all."""


GRAPHQL_RESPONSE = "application/graphql-response+json"


def _prefers_graphql_response(request: Request) -> bool:
    """Whether the Accept header names the GraphQL-over-HTTP media type before plain JSON
    (a client that asks for it gets the spec's status codes; one that does not, the legacy
    200 for every well-formed request)."""
    accepted = [part.split(";")[0].strip() for part in request.headers.get("accept", "").split(",")]
    ours = [m for m in accepted if m in (GRAPHQL_RESPONSE, "application/json")]
    return bool(ours) and ours[0] == GRAPHQL_RESPONSE


REQUEST_ID_HEADER = "x-request-id"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


class HippographGraphQL(GraphQL[Context, None]):
    """The GraphQL view: a context per request, a code on every error, and the spec's
    application/graphql-response+json when it is asked for."""

    def __init__(self, resources: dict[str, Resources], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._resources = resources

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        resources = self._resources["resources"]
        # require_key gives every operation its principal; only GraphiQL's page (no operation,
        # yet strawberry builds a context for it too) arrives without one, and gets no scopes.
        principal: Principal = getattr(request.state, PRINCIPAL, NOBODY)
        request.state.sub_response = response  # its status is the HTTP answer's
        # A caller's own id (a proxy's, a trace's) is kept when it is a plain token; the answer
        # carries it back, and an INTERNAL error names it, as the server's log does.
        given = request.headers.get(REQUEST_ID_HEADER, "")
        own = {"request_id": given} if _REQUEST_ID.fullmatch(given) else {}
        context = Context(
            resources=resources, principal=principal, loaders=Loaders(resources), **own
        )
        response.headers[REQUEST_ID_HEADER] = context.request_id
        return context

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        down = [
            error.original_error is not None and unreachable(error.original_error)
            for error in result.errors or ()
        ]
        answer = await super().process_result(request, result)
        errors: list[dict[str, Any]] = answer.get("errors") or []  # type: ignore[assignment]
        for error, unavailable in zip(errors, down, strict=True):
            extensions = error.setdefault("extensions", {})
            if unavailable:
                error["message"] = UNAVAILABLE_MESSAGE
                extensions["code"] = "UNAVAILABLE"
            elif "code" not in extensions:  # INTERNAL errors carry theirs (graphql/problems.py)
                extensions["code"] = "GRAPHQL_VALIDATION_FAILED"
        if any(down):
            request.state.sub_response.status_code = 503
        elif _prefers_graphql_response(request):
            request.state.sub_response.media_type = GRAPHQL_RESPONSE
            # A request that never ran (unparsable, invalid, variables that do not coerce,
            # too costly): its errors have no path. The spec answers it 400 without data.
            if result.data is None and errors and not any("path" in e for e in errors):
                answer.pop("data", None)
                request.state.sub_response.status_code = 400
        return answer

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if sub_response.media_type == GRAPHQL_RESPONSE:
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
        return response


async def _open(settings: Settings, metrics: Metrics) -> Resources:
    config = settings.neo4j()
    driver = open_driver(config)
    nlp, embedder = await asyncio.gather(
        asyncio.to_thread(load_spacy, settings.spacy_model),
        asyncio.to_thread(embeddings, settings),
    )
    extractor = build_extractor(settings, ExtractorKind.OFFLINE, nlp)
    catalog = warm_catalog(settings, metrics.cold_projections.observe, metrics.evictions.inc)
    # Started once the models are in the cache, which the worker reads (see wiring.py).
    workers = write_workers(settings).__enter__()
    extraction = ParallelExtraction(extractor, workers)
    writes = WorkerEmbeddings(embedder, workers)
    pipeline = await checked_pipeline(settings, driver, extraction, writes, catalog)
    limits = settings.api_limits()
    ingestion = Ingestion(driver, config.database, pipeline, limits, catalog)
    ingestion.scenes = SceneUpkeep(driver, config, catalog, ingestion.writing)
    return Resources(
        driver=driver,
        neo4j=config,
        limits=limits,
        questions=QuestionBatcher(query_preparer(settings, nlp, embedder)),
        ingestion=ingestion,
        exports=Exports(driver, config.database, ingestion.owner),
        catalog=catalog,
        lexicon=LexicalIndexes(settings.api_lexical_scopes),
        summarizer=summarizer(settings),
        workers=workers,
    )


async def _close(resources: Resources) -> None:
    await resources.ingestion.close()
    await resources.exports.close()
    await resources.driver.close()
    resources.workers.__exit__()


def _dashboard() -> BaseRoute:
    """The built dashboard (static files that call /graphql), or a page saying how to build it."""
    if (DASHBOARD_DIST / "index.html").exists():
        return Mount(DASHBOARD_PATH, StaticFiles(directory=DASHBOARD_DIST, html=True))

    async def missing(_: Request) -> Response:
        return PlainTextResponse(
            "The dashboard is not built: run `make setup` (npm ci && npm run build in dashboard/).",
            status_code=503,
        )

    return Route(DASHBOARD_PATH + "/{rest:path}", missing, methods=["GET"])


def _down(reason: str) -> Response:
    return JSONResponse(
        {"status": "unavailable", "neo4j": "unreachable", "error": reason}, status_code=503
    )


def create_app(settings: Settings | None = None) -> Starlette:
    """The ASGI app; raises NoKeysError when no API key is configured."""
    settings = settings or Settings()
    keys = settings.keys()
    if not len(keys()):
        raise NoKeysError(
            f"no API keys in {settings.keys_path()} or HIPPOGRAPH_API_KEYS; create one with "
            "`hippograph keys create NAME --read '*' --write '*'`"
        )
    limits = settings.api_limits()
    metrics = Metrics()
    holder: dict[str, Resources] = {}

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        holder["resources"] = resources = await _open(settings, metrics)
        for job_id in await resources.ingestion.fail_orphans():
            log.warning("job %s was left unfinished by a stopped server: marked failed", job_id)
        await warm(schema, resources, settings.api_warm_scopes)
        try:
            yield
        finally:
            await _close(resources)

    async def health(request: Request) -> Response:
        resources = holder["resources"]
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT_S):
                gds = await gds_version(resources.driver, resources.database)
        except TimeoutError:
            return _down(f"Neo4j did not answer within {HEALTH_TIMEOUT_S} s")
        except (Neo4jError, DriverError, OSError) as error:
            return _down(str(error) or type(error).__name__)
        return JSONResponse({"status": "ok", "neo4j": "reachable", "gds": gds})

    schema = build_schema(limits, settings.api_introspection, metrics.field_extension())
    graphql = HippographGraphQL(
        holder,
        schema=schema,
        graphql_ide="graphiql" if settings.api_graphiql else None,
        allow_queries_via_get=True,
    )
    return Starlette(
        routes=[
            Route(GRAPHQL_PATH, graphql, methods=["GET", "POST"]),
            Route("/health", health, methods=["GET"]),
            Route("/metrics", partial(metrics.endpoint, holder), methods=["GET"]),
            Route("/", lambda _: RedirectResponse(f"{DASHBOARD_PATH}/"), methods=["GET"]),
            _dashboard(),
        ],
        middleware=[  # outermost first
            Middleware(metrics.middleware),
            Middleware(limit_body, max_bytes=limits.max_body_bytes),
            Middleware(limit_time, seconds=limits.request_timeout_s),
            Middleware(require_key, keys=keys, path=GRAPHQL_PATH),
        ],
        lifespan=lifespan,
    )
