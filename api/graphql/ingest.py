"""Storing memory: one session now, a batch in the background, a scope re-embedded. Every
field checks that the caller's key may write the scope before anything is written.

``SessionInput`` is the schema's wire contract for a session (``id`` where the JSONL line
says ``session``); it becomes the one record every caller's session is (ingest/records.py).
"""

from datetime import datetime
from typing import Annotated

import strawberry
from pydantic import ValidationError

from hippograph.api.graphql.context import Ctx
from hippograph.api.graphql.jobs import Job, SessionOutcome
from hippograph.api.graphql.problems import Problem, answered_mutation, invalid_input
from hippograph.graph.model import ID_GRAMMAR, OnConflict, Role
from hippograph.ingest.pipeline import AppendOutcome
from hippograph.ingest.records import SessionRecord, TurnRecord

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
        try:
            return self._record()
        except ValidationError as error:
            raise invalid_input(error, "session") from None

    def _record(self) -> SessionRecord:
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


@strawberry.type(description="One turn of an append.")
class AppendedTurn:
    id: strawberry.ID = strawberry.field(description="the stored id: <conversation>/<turn id>")
    source_id: str = strawberry.field(description="the id it was given, or its default")
    position: int
    new: bool = strawberry.field(
        description="stored by this call; false when the session held it already (a retry)"
    )


@strawberry.type(description="What an append did to its session.")
class TurnsAppended:
    session_id: str = strawberry.field(description="the stored id: <conversation>/<id>")
    created: bool = strawberry.field(description="the session was new")
    started_at: datetime | None = strawberry.field(
        description="the session's date, which its turns' relative dates are read against "
        "(the startedAt given is used when the session is created, and kept after)"
    )
    turn_count: int = strawberry.field(description="the session's turns after this append")
    stored: int = strawberry.field(description="turns this call stored")
    edus: int = strawberry.field(description="EDUs derived from them")
    superseded: int = strawberry.field(description="earlier statements they superseded")
    turns: list[AppendedTurn] = strawberry.field(description="each given turn, in order")

    @classmethod
    def of(cls, o: AppendOutcome) -> "TurnsAppended":
        return cls(
            session_id=o.session_id,
            created=o.created,
            started_at=o.started_at,
            turn_count=o.turn_count,
            stored=o.stored,
            edus=o.edus,
            superseded=o.superseded,
            turns=[
                AppendedTurn(
                    id=strawberry.ID(t.id), source_id=t.source_id, position=t.position, new=t.new
                )
                for t in o.turns
            ],
        )


Conflict = Annotated[
    OnConflict,
    strawberry.argument(
        description="when the scope holds this session with other content; default REPLACE"
    ),
]
REPLACE = OnConflict.REPLACE
IngestSessionResult = Annotated[SessionOutcome | Problem, strawberry.union("IngestSessionResult")]
IngestSessionsResult = Annotated[Job | Problem, strawberry.union("IngestSessionsResult")]
AppendTurnsResult = Annotated[TurnsAppended | Problem, strawberry.union("AppendTurnsResult")]
ReembedScopeResult = Annotated[Job | Problem, strawberry.union("ReembedScopeResult")]


@strawberry.type
class IngestMutations:
    @answered_mutation(
        "Store one session now (an unchanged one is skipped). When the scope holds the "
        "session's (conversation, id) with other content, onConflict decides: REPLACE (answers "
        "REPLACED), SKIP (answers SKIPPED, keeps the stored one) or FAIL (ConflictError)."
    )
    async def ingest_session(
        self, info: Ctx, scope: str, session: SessionInput, on_conflict: Conflict = REPLACE
    ) -> IngestSessionResult:
        writable = info.context.writable(scope)
        ingestion = info.context.resources.ingestion
        return SessionOutcome.of(
            await ingestion.ingest_one(writable, session.to_record(), on_conflict)
        )

    @answered_mutation(
        "Append turns to a session as a conversation happens (the session is created when "
        "new): they are extracted in the context of the session's last stored turns, embedded "
        "and linked, and recallable when the answer comes. A turn id the session holds already "
        "is not stored again (a retried call stores nothing; the same id with other content "
        "is a ConflictError and nothing is stored); a turn without an id gets "
        "<session>:<position>. Appends never replace anything; concurrent appends to one "
        "session all land, in the order they commit."
    )
    async def append_turns(
        self,
        info: Ctx,
        scope: str,
        session: str,
        turns: list[TurnInput],
        conversation: Annotated[
            str | None, strawberry.argument(description="default: chat")
        ] = None,
        started_at: Annotated[
            datetime | None,
            strawberry.argument(description="the session's date, when this append creates it"),
        ] = None,
    ) -> AppendTurnsResult:
        writable = info.context.writable(scope)
        record = SessionInput(
            id=session, turns=turns, conversation=conversation, started_at=started_at
        ).to_record()
        return TurnsAppended.of(await info.context.resources.ingestion.append(writable, record))

    @answered_mutation(
        "Store a batch in the background: answers a job at once; poll job(id) for progress and "
        "per-session outcomes (onConflict as in ingestSession; FAIL marks that session FAILED "
        "with errorCode CONFLICT)."
    )
    async def ingest_sessions(
        self, info: Ctx, scope: str, sessions: list[SessionInput], on_conflict: Conflict = REPLACE
    ) -> IngestSessionsResult:
        writable = info.context.writable(scope)
        records = [s.to_record() for s in sessions]
        return Job.of(await info.context.resources.ingestion.start(writable, records, on_conflict))

    @answered_mutation(
        "Re-embed a scope with this server's embedding model in the background (after the "
        "model changed): answers a job at once; poll job(id), whose done/total count EDUs. "
        "Resumable and idempotent: once done, running it again changes nothing."
    )
    async def reembed_scope(self, info: Ctx, scope: str) -> ReembedScopeResult:
        writable = info.context.writable(scope)
        return Job.of(await info.context.resources.ingestion.start_reembed(writable))
