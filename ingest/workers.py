"""CPU-bound work in worker processes that hold their own models (an extractor, an embedder).

Workers are *spawned*, not forked: a forked worker would inherit the parent's open Bolt socket,
and if the parent were killed mid-transaction the socket would stay open in the orphaned
workers, the server would never see the client go, and that transaction's locks would block
the next run. Spawned workers build their tools from picklable factories, and exit when their
parent disappears. A ``niceness`` above 0 lowers the workers' CPU priority: the server computes
its writes there, so that a recall beside them gets the cores first (docs/performance.md).
"""

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

_TOOLS: dict[str, Any] = {}  # each worker's own, built by _start
T = TypeVar("T")
log = logging.getLogger(__name__)


def _exit_with_parent(parent: int) -> None:
    # A worker blocks on its task queue forever, and it holds both ends of that queue's pipe,
    # so it never sees its parent die: watch for being re-parented instead.
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def _start(factories: Mapping[str, Callable[[], Any]], niceness: int) -> None:
    # Ctrl-C reaches the whole process group; the parent handles it and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    if niceness:
        os.nice(niceness)  # before the tools start their threads, which inherit it
    _TOOLS.update({name: factory() for name, factory in factories.items()})


def _ready() -> bool:
    return bool(_TOOLS)


def _call(job: tuple[Callable[..., Any], str, tuple[Any, ...]]) -> Any:
    function, tool, args = job
    return function(_TOOLS[tool], *args)


class WorkerPool:
    """``processes`` workers, each holding a tool per factory. Use it as a context manager:
    entering starts the workers (they load their models while the caller does other set-up
    work), leaving stops them."""

    def __init__(
        self, factories: Mapping[str, Callable[[], Any]], processes: int, niceness: int = 0
    ) -> None:
        self.factories = dict(factories)
        self.processes = processes
        self.niceness = niceness
        self._pool: ProcessPoolExecutor | None = None
        self._restarting = threading.Lock()

    def __enter__(self) -> "WorkerPool":
        self._pool = ProcessPoolExecutor(
            self.processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(self.factories, self.niceness),
        )
        for _ in range(self.processes):
            self._pool.submit(_ready)  # start every worker now, not at first use
        return self

    def __exit__(self, *_: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    @property
    def started(self) -> bool:
        return self._pool is not None

    def call(self, function: Callable[..., T], tool: str, *args: Any) -> T:
        """``function(tool, *args)`` in a worker, with the worker's ``tool``."""
        job = (function, tool, args)
        result: T = self._again_if_broken(lambda pool: pool.submit(_call, job).result())
        return result

    def map(
        self, function: Callable[..., T], tool: str, argses: Iterable[tuple[Any, ...]]
    ) -> list[T]:
        """``function(tool, *args)`` for each of ``argses``, spread over the workers."""
        jobs = [(function, tool, args) for args in argses]
        return self._again_if_broken(lambda pool: list(pool.map(_call, jobs, chunksize=2)))

    def _again_if_broken(self, work: Callable[[ProcessPoolExecutor], T]) -> T:
        """``work`` on the pool; once more on a new pool when a worker died under it (killed,
        out of memory): the work is pure, so doing it again loses and doubles nothing."""
        pool = self._started()
        try:
            return work(pool)
        except BrokenProcessPool:
            with self._restarting:
                if self._pool is pool:  # not restarted by another caller meanwhile
                    log.warning("a worker process died: starting the workers again")
                    pool.shutdown(cancel_futures=True)
                    self.__enter__()
            return work(self._started())

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            raise RuntimeError("the worker pool is used outside its `with` block")
        return self._pool
