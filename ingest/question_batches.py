"""Questions of concurrent requests prepared together: one parser pass, one embedding batch.

Preparing a question (spaCy's pipeline, the MiniLM embedding) was 42% of the API server's CPU
under eight clients, and most of it is per-call overhead: one at a time a LoCoMo question took
5.9 ms, eight together 2.9 ms each. So questions wait while a batch is being prepared and the
next batch takes all of them (up to ``max_batch``). A lone question never waits for company:
at one client nothing changes.
"""

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from hippograph.graph.recall.model import RecallQuery
from hippograph.ingest.recall_query import QueryPreparer, check_question


@dataclass(frozen=True)
class _Waiting:
    question: str
    reference_time: datetime | None
    answer: "asyncio.Future[RecallQuery]"


class QuestionBatcher:
    def __init__(self, preparer: QueryPreparer, max_batch: int = 16) -> None:
        self.preparer = preparer
        self.max_batch = max_batch
        self._waiting: list[_Waiting] = []
        self._worker: asyncio.Task[None] | None = None

    async def prepare(self, question: str, reference_time: datetime | None = None) -> RecallQuery:
        """``question`` prepared (in a batch with those asked meanwhile); a question that
        cannot be recalled raises QueryError at once, never failing the others."""
        check_question(question)
        answer: asyncio.Future[RecallQuery] = asyncio.get_running_loop().create_future()
        self._waiting.append(_Waiting(question, reference_time, answer))
        if self._worker is None or self._worker.done():
            # Ends when no question waits, so nothing outlives the requests.
            self._worker = asyncio.create_task(self._drain())
        return await answer

    async def _drain(self) -> None:
        while self._waiting:
            batch = self._waiting[: self.max_batch]
            del self._waiting[: self.max_batch]
            # prepare_many resolves relative dates against one day: a batch per day.
            days: dict[date | None, list[_Waiting]] = defaultdict(list)
            for waiting in batch:
                at = waiting.reference_time
                days[at.date() if at else None].append(waiting)
            for group in days.values():
                await self._prepare(group)

    async def _prepare(self, group: list[_Waiting]) -> None:
        try:
            prepared = await asyncio.to_thread(
                self.preparer.prepare_many,
                [w.question for w in group],
                group[0].reference_time,
            )
        except Exception as error:  # every waiting request gets the failure to raise itself
            for waiting in group:
                if not waiting.answer.done():
                    waiting.answer.set_exception(error)
            return
        for waiting, query in zip(group, prepared, strict=True):
            if not waiting.answer.done():  # its request may have been cancelled meanwhile
                waiting.answer.set_result(query)
