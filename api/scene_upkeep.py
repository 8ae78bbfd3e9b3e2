"""Scenes kept up with a conversation that grows turn by turn.

An append never rebuilds scenes (Leiden over the whole scope would make its cost grow with the
scope): its EDUs belong to no scene until scenes are built again, which ``stats`` reports
(``edusWithoutScene``, ``scenesStale``) and the dashboard shows. This process counts the EDUs
appended per scope; every ``CHECK_EVERY`` of them it reads how far the scope's scenes lag, and
rebuilds them in the background once the EDUs appended since reach ``STALE_SHARE`` of the EDUs
the scenes were built from (at least ``STALE_MIN``). A scope that never had scenes is left
without. One rebuild runs at a time (Leiden is CPU-bound on a machine that also serves
recalls), under the scope's write lock.
"""

import asyncio
import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from neo4j import AsyncDriver

from hippograph.graph.connection import Neo4jConfig
from hippograph.graph.gds.catalog import WarmCatalog
from hippograph.graph.gds.scenes import build_scenes, scene_staleness

CHECK_EVERY = 25
STALE_SHARE = 0.2
STALE_MIN = 50

log = logging.getLogger(__name__)


class SceneUpkeep:
    """Background rebuilds of scenes that appends left behind, for one server process."""

    def __init__(
        self,
        driver: AsyncDriver,
        neo4j: Neo4jConfig,
        catalog: WarmCatalog,
        writing: Callable[[str], AbstractAsyncContextManager[None]],
    ) -> None:
        self.driver = driver
        self.neo4j = neo4j
        self.catalog = catalog
        self.writing = writing
        self._appended: dict[str, int] = {}
        self._one_at_a_time = asyncio.Lock()
        self._tasks: dict[str, asyncio.Task[None]] = {}

    def appended(self, scope: str, edus: int) -> None:
        """Count ``edus`` appended to ``scope``; look at its scenes when enough were."""
        self._appended[scope] = self._appended.get(scope, 0) + edus
        if self._appended[scope] < CHECK_EVERY or scope in self._tasks:
            return
        self._appended[scope] = 0
        task = asyncio.ensure_future(self._upkeep(scope))
        self._tasks[scope] = task
        task.add_done_callback(lambda _: self._tasks.pop(scope, None))

    async def _upkeep(self, scope: str) -> None:
        try:
            lag = await scene_staleness(self.driver, self.neo4j.database, scope)
            if not lag.stale or lag.without_scene < max(STALE_MIN, STALE_SHARE * lag.scened):
                return
            async with self._one_at_a_time, self.writing(scope):
                await build_scenes(self.driver, self.neo4j, scope)
                await self.catalog.make_room(self.driver, self.neo4j.database, scope)
            log.info("rebuilt the scenes of scope %r (%d EDUs had none)", scope, lag.without_scene)
        except Exception:  # scenes stay as they were; the next appends look again
            log.warning("rebuilding the scenes of scope %r failed", scope, exc_info=True)
