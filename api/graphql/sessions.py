"""Sessions: a scope's sessions, one session by its stored id, and their turns and EDUs.

An agent's chat history reads its conversation back from here (``session``), so what a client
shows is what is stored.
"""

from datetime import datetime
from typing import Annotated

import strawberry

from hippograph.api.graphql.browse import EDU, Turn, edu_page
from hippograph.api.graphql.context import Ctx, Resources
from hippograph.api.graphql.pagination import (
    DEFAULT_PAGE,
    After,
    Connection,
    First,
    Page,
    connection,
    page_of,
    scope_page,
)
from hippograph.api.graphql.problems import Problem, answered
from hippograph.graph import browse
from hippograph.graph.browse import PageKey


@strawberry.type
class Session:
    scope: str
    id: strawberry.ID
    conversation: str | None
    source_id: str | None
    started_at: datetime | None
    turn_count: int
    edu_count: int

    @classmethod
    def of(cls, scope: str, s: browse.SessionSummary) -> "Session":
        return cls(
            scope=scope,
            id=strawberry.ID(s.id),
            conversation=s.conversation,
            source_id=s.source_id,
            started_at=s.started_at,
            turn_count=s.turn_count,
            edu_count=s.edu_count,
        )

    @strawberry.field(description="Its turns in order.")
    async def turns(
        self, info: Ctx, first: First = DEFAULT_PAGE, after: After = None
    ) -> Connection[Turn]:
        page = page_of(first, after, info.context.resources.limits.max_page)
        found = await info.context.loaders.session_turns.load(
            (self.scope, PageKey(str(self.id), page.skip, page.fetch))
        )
        return connection([Turn.of(t) for t in found], page)

    @strawberry.field(description="Its EDUs in the order of their turns.")
    async def edus(
        self, info: Ctx, first: First = DEFAULT_PAGE, after: After = None
    ) -> Connection[EDU]:
        return await edu_page(
            info, info.context.loaders.session_edus, self.scope, self.id, first, after
        )


@strawberry.type
class SessionConnection(Connection[Session]):
    pass


SessionsResult = Annotated[SessionConnection | Problem, strawberry.union("SessionsResult")]
SessionResult = Annotated[Session | Problem, strawberry.union("SessionResult")]


@strawberry.type
class SessionQueries:
    @answered("A scope's sessions, oldest first.")
    async def sessions(
        self, info: Ctx, scope: str, first: First = DEFAULT_PAGE, after: After = None
    ) -> SessionsResult:
        async def read(res: Resources, readable: str, page: Page) -> list[Session]:
            found = await browse.list_sessions(
                res.driver, res.database, readable, page.skip, page.fetch
            )
            return [Session.of(readable, s) for s in found]

        return await scope_page(info, scope, first, after, read, SessionConnection)

    @answered("One session by its stored id (<conversation>/<id>), with its turns.")
    async def session(self, info: Ctx, scope: str, id: strawberry.ID) -> SessionResult:
        readable = info.context.readable(scope)
        res = info.context.resources
        found = await browse.get_session(res.driver, res.database, readable, str(id))
        return Session.of(readable, found)
