"""Worker processes hold their own tools, run at the priority they are given, and a worker
that dies under the pool (killed, out of memory) is replaced: the work is done all the same."""

import os
import signal
from functools import partial
from operator import getitem
from typing import Any

from hippograph.ingest.workers import WorkerPool


def _pid(_tool: Any) -> int:
    return os.getpid()


def test_a_killed_worker_is_replaced_and_the_work_still_done() -> None:
    with WorkerPool({"numbers": partial(dict, one=1)}, processes=1, niceness=19) as pool:
        assert pool.call(getitem, "numbers", "one") == 1  # the worker's own tool
        first = pool.call(_pid, "numbers")
        assert first != os.getpid() and os.getpriority(os.PRIO_PROCESS, first) == 19
        os.kill(first, signal.SIGKILL)
        assert pool.call(getitem, "numbers", "one") == 1
        assert pool.call(_pid, "numbers") not in (first, os.getpid())
