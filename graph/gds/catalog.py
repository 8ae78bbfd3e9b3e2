"""A byte budget for the warm projections in the GDS catalog, least recently used out first.

A projection holds about 16 MiB of GDS heap however small its scope (its weights' property
pages are allocated whole), so with a scope per user or per conversation a few hundred scopes
would fill the heap. The API server keeps one ``WarmCatalog``: it remembers when it last used
each scope's projection, and after any projection is built it drops whole scopes (every
generation) until hippograph's projections fit the budget again, those used longest ago first
(projections another process built, which it never used, before all). The scope's
``Projection`` node stays: the next recall there finds its graph gone and projects again (a
cold recall). A recall that was using a projection as it was dropped projects again too
(graph/recall/associative.py).
"""

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from neo4j import AsyncDriver

from hippograph.graph.cypher import execute
from hippograph.graph.gds.projection import (
    ProjectionInfo,
    current_projection,
    drop_graph,
    projection_prefix,
    refresh_projection,
)

# A stale projection (appends came after it) is refreshed in the background at most this often
# per scope: a conversation growing turn by turn is projected again every so often, not per
# turn; recalls meanwhile propagate over what is stored now.
STALE_REFRESH_SECONDS = 30.0
# What a projection costs whatever its size (measured: 16.3 MB for 7 nodes). After each build
# the catalog keeps this much of the budget free, so that the next build fits without listing
# the catalog first (listing with sizes costs 15 ms, a projection of a small scope 50 ms).
SMALLEST_PROJECTION_BYTES = 16_500_000

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CatalogUsage:
    scopes: int
    bytes: int


class WarmCatalog:
    """The server's projections within ``budget_bytes`` (None: no budget)."""

    def __init__(
        self,
        budget_bytes: int | None,
        on_cold: Callable[[float], None] = lambda seconds: None,
        on_evict: Callable[[], None] = lambda: None,
    ) -> None:
        self.budget_bytes = budget_bytes
        self.on_cold = on_cold  # told each cold projection's seconds
        self.on_evict = on_evict  # told each scope dropped to keep the budget
        self._used: dict[str, float] = {}  # projection prefix -> when this process last used it
        self._building: dict[str, asyncio.Task[ProjectionInfo]] = {}
        self._catching_up: dict[str, float] = {}  # scope -> when its last catch-up began
        self._tasks: set[asyncio.Task[None]] = set()

    def touch(self, scope: str) -> None:
        self._used[projection_prefix(scope)] = time.monotonic()

    async def warm(self, driver: AsyncDriver, database: str, scope: str) -> ProjectionInfo:
        """The scope's current projection, built now (a cold projection) if it has none."""
        self.touch(scope)
        return await current_projection(driver, database, scope) or await self.cold(
            driver, database, scope
        )

    async def cold(self, driver: AsyncDriver, database: str, scope: str) -> ProjectionInfo:
        """Build the projection a recall needs and found missing; recalls that find it
        missing meanwhile (many at once, after a restart) wait for the same build."""
        building = self._building.get(scope)
        if building is None:
            building = asyncio.ensure_future(self._timed(driver, database, scope))
            self._building[scope] = building
            building.add_done_callback(lambda _: self._building.pop(scope, None))
        return await asyncio.shield(building)

    def catch_up(self, driver: AsyncDriver, database: str, scope: str) -> None:
        """Refresh a projection that appends left stale, in the background: one at a time per
        scope, at most every STALE_REFRESH_SECONDS (a recall never waits for it)."""
        now = time.monotonic()
        if now - self._catching_up.get(scope, -STALE_REFRESH_SECONDS) < STALE_REFRESH_SECONDS:
            return
        self._catching_up[scope] = now
        task = asyncio.ensure_future(self._catch_up(driver, database, scope))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _catch_up(self, driver: AsyncDriver, database: str, scope: str) -> None:
        try:
            await self.refresh(driver, database, scope, rewritten=False)
        except Exception:  # the next stale recall tries again; recall never depended on it
            log.warning("refreshing the stale projection of scope %r failed", scope, exc_info=True)

    async def _timed(self, driver: AsyncDriver, database: str, scope: str) -> ProjectionInfo:
        started = time.perf_counter()
        info = await self.refresh(driver, database, scope, rewritten=False)
        self.on_cold(time.perf_counter() - started)
        return info

    async def refresh(
        self, driver: AsyncDriver, database: str, scope: str, rewritten: bool = True
    ) -> ProjectionInfo:
        """Project the scope anew (graph/gds/projection.py), then make room for the next."""
        info = await refresh_projection(driver, database, scope, rewritten)
        await self.make_room(driver, database, scope, SMALLEST_PROJECTION_BYTES)
        return info

    async def make_room(
        self, driver: AsyncDriver, database: str, keep: str, needed: int = 0
    ) -> None:
        """Drop the least recently used scopes other than ``keep`` until hippograph's
        projections and ``needed`` more bytes fit the budget."""
        self.touch(keep)
        if self.budget_bytes is None:
            return
        sizes = await _sizes_by_prefix(driver, database)
        total = sum(sizes.values()) + needed
        kept = projection_prefix(keep)
        for prefix in sorted(sizes, key=lambda p: (self._used.get(p, 0.0), p)):
            if total <= self.budget_bytes:
                break
            if prefix == kept:
                continue
            await _drop_prefix(driver, database, prefix)
            self._used.pop(prefix, None)
            total -= sizes[prefix]
            self.on_evict()

    @staticmethod
    async def usage(driver: AsyncDriver, database: str) -> CatalogUsage:
        """How many scopes have projections in the catalog, and their bytes."""
        sizes = await _sizes_by_prefix(driver, database)
        return CatalogUsage(len(sizes), sum(sizes.values()))


async def _sizes_by_prefix(driver: AsyncDriver, database: str) -> dict[str, int]:
    records = await execute(
        driver, database, "gds/list_projection_sizes", {"prefix": "hippograph-"}
    )
    sizes: dict[str, int] = {}
    for r in records:
        prefix = r["graph"].rsplit("-", 1)[0] + "-"
        sizes[prefix] = sizes.get(prefix, 0) + r["bytes"]
    return sizes


async def _drop_prefix(driver: AsyncDriver, database: str, prefix: str) -> None:
    records = await execute(driver, database, "gds/list_projections", {"prefix": prefix})
    for r in records:
        await drop_graph(driver, database, r["graph"])
