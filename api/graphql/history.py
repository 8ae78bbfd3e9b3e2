"""What is true when: the statement that superseded an EDU, and a subject's history of values."""

from datetime import date, datetime
from typing import Annotated

import strawberry

from hippograph.api.graphql.context import Ctx
from hippograph.api.graphql.problems import Problem, answered
from hippograph.graph.recall import model as r
from hippograph.graph.supersession import HeldValue
from hippograph.graph.supersession import history as read_history


@strawberry.type(description="The statement that superseded an EDU: from when, and how decided.")
class Supersession:
    id: strawberry.ID
    text: str
    at: date | None = strawberry.field(description="from when the earlier one no longer held")
    how: str = strawberry.field(description="offline (frames), or llm:<model> (a model agreed)")
    attribute: str = strawberry.field(description="what changed: residence, employer, …")

    @classmethod
    def of(cls, x: r.Supersession | None) -> "Supersession | None":
        if x is None:
            return None
        return cls(id=strawberry.ID(x.id), text=x.text, at=x.at, how=x.how, attribute=x.attribute)


@strawberry.type(description="One statement of a subject's history and when it held.")
class HistoryEntry:
    edu_id: strawberry.ID
    text: str
    session_id: str
    session_date: datetime | None
    attribute: str
    value: str = strawberry.field(description="the value's key: a place, a count, yes for a habit")
    ended: bool = strawberry.field(description="it says the value stopped holding")
    valid_from: date | None
    valid_to: date | None = strawberry.field(description="null: still valid")
    superseded_by: strawberry.ID | None
    how: str | None

    @classmethod
    def of(cls, x: HeldValue) -> "HistoryEntry":
        return cls(
            edu_id=strawberry.ID(x.id), text=x.text, session_id=x.session_id,
            session_date=x.session_date, attribute=x.attribute, value=x.value, ended=x.ended,
            valid_from=x.valid_from, valid_to=x.valid_to,
            superseded_by=strawberry.ID(x.superseded_by) if x.superseded_by else None,
            how=x.how,
        )  # fmt: skip


@strawberry.type
class History:
    scope: str
    entity: str
    attribute: str | None
    entries: list[HistoryEntry] = strawberry.field(
        description="attribute by attribute, in the order said"
    )


HistoryResult = Annotated[History | Problem, strawberry.union("HistoryResult")]


@strawberry.type
class HistoryQueries:
    @answered(
        "A subject's changing values in order: where someone lived, worked, …, each statement "
        "with when it held and what superseded it."
    )
    async def history(
        self,
        info: Ctx,
        scope: str,
        entity: Annotated[str, strawberry.argument(description="an entity's id or name")],
        attribute: str | None = None,
        limit: int = 100,
    ) -> HistoryResult:
        readable = info.context.readable(scope)
        res = info.context.resources
        found = await read_history(res.driver, res.database, readable, entity, attribute, limit)
        entries = [HistoryEntry.of(x) for x in found]
        return History(scope=readable, entity=entity, attribute=attribute, entries=entries)
