"""The one interface every extractor implements."""

from dataclasses import dataclass, field
from typing import Protocol

from hippograph.graph.model import EDU, Scope, Session


@dataclass(frozen=True)
class Extraction:
    """The EDUs of one session, and anything the user should know about how they were made."""

    session_id: str
    edus: list[EDU]
    dropped_turn_ids: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Extractor(Protocol):
    name: str
    version: str

    def extract(self, scope: Scope, session: Session) -> Extraction:
        """Split ``session`` into self-contained EDUs citing their source turns."""
        ...
