"""What callers send: sessions to store and recall filters. Checked again by the memory
model's own validation (lengths, ids, dates) before anything is stored."""

from datetime import date, datetime

import strawberry

from hippograph.graph.model import ID_GRAMMAR, OnConflict, Role
from hippograph.graph.recall.model import RecallFilters
from hippograph.ingest.formats.jsonl import SessionRecord, TurnRecord

strawberry.enum(Role)
strawberry.enum(OnConflict)


@strawberry.input(description="One turn; its id defaults to <session>:<position>.")
class TurnInput:
    speaker: str
    text: str = ""
    id: str | None = None
    role: Role = Role.PERSON
    timestamp: datetime | None = None
    image_caption: str | None = None


@strawberry.input(
    description="One session, as in hippograph's JSONL format. Its identity is the pair "
    f"(conversation, id), each {ID_GRAMMAR}; it is stored as <conversation>/<id>."
)
class SessionInput:
    id: str
    turns: list[TurnInput]
    conversation: str | None = strawberry.field(default=None, description="default: chat")
    started_at: datetime | None = None

    def to_record(self) -> SessionRecord:
        return SessionRecord(
            conversation=self.conversation,
            session=self.id,
            started_at=self.started_at,
            turns=[
                TurnRecord(
                    id=t.id,
                    speaker=t.speaker,
                    text=t.text,
                    role=t.role,
                    timestamp=t.timestamp,
                    image_caption=t.image_caption,
                )
                for t in self.turns
            ],
        )


@strawberry.input(description="Narrow recall; unset fields do not narrow.")
class RecallFiltersInput:
    speaker: str | None = None
    session: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    def to_model(self) -> RecallFilters:
        return RecallFilters(
            speaker=self.speaker,
            session=self.session,
            date_from=self.date_from,
            date_to=self.date_to,
        )
