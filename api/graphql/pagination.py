"""Relay-style cursor connections for every list a scope can grow without bound.

Cursors are opaque to clients (base64 of an offset into the list's fixed order). Lists that
are bounded by what they belong to (an EDU's turns and entities, a recall's top k, a persona's
facts) are plain lists.
"""

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

import strawberry

from hippograph.api.graphql.context import Ctx, Resources
from hippograph.graph.errors import InvalidInputError
from hippograph.graph.model import check_count

T = TypeVar("T")
_PREFIX = "offset:"
DEFAULT_PAGE = 20
After = Annotated[str | None, strawberry.argument(description="the cursor to continue after")]
First = Annotated[int, strawberry.argument(description="page size")]


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo

    @strawberry.field(description="The page's nodes, without cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


@dataclass(frozen=True)
class Page:
    """Which slice of a list to read: ``first`` items after the first ``skip``. Readers fetch
    one more than ``first`` to learn whether a next page exists."""

    skip: int
    first: int

    @property
    def fetch(self) -> int:
        return self.first + 1


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def _decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not text.startswith(_PREFIX):
            raise ValueError(text)
        offset = int(text.removeprefix(_PREFIX))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInputError(f"{cursor[:40]!r} is not a cursor of this list", "after") from None
    if offset < 0:
        raise InvalidInputError("cursors are never negative", "after")
    return offset


def page_of(first: int, after: str | None, max_page: int) -> Page:
    check_count("first", first, max_page)
    return Page(skip=_decode_cursor(after) + 1 if after else 0, first=first)


C = TypeVar("C", bound=Connection[Any])


def connection(items: Sequence[T], page: Page, kind: type[C] = Connection) -> C:  # type: ignore[assignment]
    """The connection over ``items``, read as ``page.fetch`` items from ``page.skip``; ``kind``
    is a concrete subclass where the connection is a member of a union (GraphQL resolves a
    union member by its class, which a generic alias does not have)."""
    shown = list(items[: page.first])
    edges = [Edge(cursor=encode_cursor(page.skip + i), node=n) for i, n in enumerate(shown)]
    return kind(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(items) > page.first,
            has_previous_page=page.skip > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )


N = TypeVar("N")


async def scope_page(
    info: Ctx,
    scope: str,
    first: int,
    after: str | None,
    read: Callable[[Resources, str, Page], Awaitable[list[N]]],
    kind: type[C],
) -> C:
    """One page of a list of a readable scope: ``read`` fetches one more than the page."""
    readable = info.context.readable(scope)
    page = page_of(first, after, info.context.resources.limits.max_page)
    return connection(await read(info.context.resources, readable, page), page, kind)
