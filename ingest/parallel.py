"""Running an extractor over many sessions on every core.

spaCy parses one text at a time per process, so a 2-core machine extracts about twice as
fast with two processes. Workers are *spawned*, not forked: a forked worker would inherit
the parent's open Bolt socket, and if the parent were killed mid-transaction the socket
would stay open in the orphaned workers, the server would never see the client go, and
that transaction's locks would block the next run. Spawned workers build their own
extractor from a picklable factory, and exit when their parent disappears.
"""

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

from hippograph.graph.model import Scope, Session
from hippograph.ingest.extract.extractor import Extraction, Extractor

_EXTRACTOR: Extractor | None = None  # each worker's own, built by _start


def _exit_with_parent(parent: int) -> None:
    # A worker blocks on its task queue forever, and it holds both ends of that queue's pipe,
    # so it never sees its parent die: watch for being re-parented instead.
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def _start(factory: Callable[[], Extractor]) -> None:
    global _EXTRACTOR
    # Ctrl-C reaches the whole process group; the parent handles it and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    _EXTRACTOR = factory()


def _ready() -> bool:
    return _EXTRACTOR is not None


def _extract(job: tuple[Scope, Session]) -> Extraction:
    if _EXTRACTOR is None:
        raise RuntimeError("extraction worker started without an extractor")
    return _EXTRACTOR.extract(*job)


class ParallelExtraction:
    """Extract sessions with ``extractor`` here, or in worker processes built by ``factory``.

    Use it as a context manager: entering starts the workers (they load their models while
    the caller does other set-up work), leaving stops them.
    """

    def __init__(
        self,
        extractor: Extractor,
        factory: Callable[[], Extractor] | None = None,
        processes: int | None = None,
    ) -> None:
        self.extractor = extractor
        self.factory = factory
        self.processes = (processes or os.cpu_count() or 1) if factory is not None else 1
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "ParallelExtraction":
        if self.processes > 1 and self.factory is not None:
            self._pool = ProcessPoolExecutor(
                self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start,
                initargs=(self.factory,),
            )
            for _ in range(self.processes):
                self._pool.submit(_ready)  # start every worker now, not at first use
        return self

    def __exit__(self, *_: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def extract(self, scope: Scope, sessions: Sequence[Session]) -> list[Extraction]:
        if self._pool is None or len(sessions) <= 1:
            return [self.extractor.extract(scope, s) for s in sessions]
        return list(self._pool.map(_extract, [(scope, s) for s in sessions], chunksize=2))
