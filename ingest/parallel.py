"""Running an extractor over many sessions on every core, or away from the server's cores.

spaCy parses one text at a time per process, so a 2-core machine extracts about twice as
fast with two worker processes (ingest/workers.py says how they are started). The API server
extracts in a worker of lower priority instead: there every extraction goes to the worker, so
that the server's own process keeps the GIL and the cores for recall.
"""

from collections.abc import Sequence

from hippograph.graph.model import Scope, Session
from hippograph.ingest.extract.extractor import Extraction, Extractor
from hippograph.ingest.workers import WorkerPool

TOOL = "extractor"  # the name of a worker's extractor in its pool


def _extract(extractor: Extractor, scope: Scope, session: Session) -> Extraction:
    return extractor.extract(scope, session)


class ParallelExtraction:
    """Extract sessions with ``extractor`` here, or with the ``workers``' extractors (a pool
    with a ``TOOL`` factory) while the pool is started.

    Entering starts the workers, leaving stops them. Workers of lower priority take every
    session; others take sessions two or more at a time (one is extracted here, without a
    round trip).
    """

    def __init__(self, extractor: Extractor, workers: WorkerPool | None = None) -> None:
        self.extractor = extractor
        self.workers = workers

    def __enter__(self) -> "ParallelExtraction":
        if self.workers is not None:
            self.workers.__enter__()
        return self

    def __exit__(self, *_: object) -> None:
        if self.workers is not None:
            self.workers.__exit__()

    def extract(self, scope: Scope, sessions: Sequence[Session]) -> list[Extraction]:
        workers = self.workers
        if workers is None or not workers.started or (len(sessions) < 2 and not workers.niceness):
            return [self.extractor.extract(scope, s) for s in sessions]
        return workers.map(_extract, TOOL, [(scope, s) for s in sessions])
