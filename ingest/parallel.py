"""Running an extractor over many sessions on every core.

spaCy parses one text at a time per process, so a 2-core machine extracts twice as fast with
two processes. The worker processes are forked from the one that already loaded the
pipeline, so they start at once and share its memory; they only ever run the extractor.
"""

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from graph.model import Scope, Session
from ingest.extract.base import Extraction, Extractor

_EXTRACTOR: Extractor | None = None  # set in the parent just before forking; read by workers


def _extract(job: tuple[Scope, Session]) -> Extraction:
    assert _EXTRACTOR is not None, "worker started without an extractor"
    return _EXTRACTOR.extract(*job)


class ParallelExtraction:
    """Extract sessions with ``extractor`` in ``processes`` forked workers (1: in process)."""

    def __init__(self, extractor: Extractor, processes: int | None = None) -> None:
        self.extractor = extractor
        self.processes = processes or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "ParallelExtraction":
        return self

    def __exit__(self, *_: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def extract(self, scope: Scope, sessions: Sequence[Session]) -> list[Extraction]:
        if self.processes <= 1 or len(sessions) <= 1:
            return [self.extractor.extract(scope, s) for s in sessions]
        if self._pool is None:
            global _EXTRACTOR
            _EXTRACTOR = self.extractor
            self._pool = ProcessPoolExecutor(
                self.processes, mp_context=multiprocessing.get_context("fork")
            )
        return list(self._pool.map(_extract, [(scope, s) for s in sessions], chunksize=2))
