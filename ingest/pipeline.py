"""The ingest pipeline: load → extract → normalize entities → embed → store, per session.

Sessions whose content (and extractor and embedding model) is unchanged since they were
stored are skipped before any work is done, so an interrupted ingest run again finishes the
job without duplicates; each session is written in one transaction.
"""

import asyncio
import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from langchain_core.embeddings import Embeddings
from neo4j import AsyncDriver
from pydantic import ValidationError

from graph.model import Conversation, EntityType, Scope, Session
from graph.store import (
    SessionWrite,
    refresh_entity_counts,
    scope_entities,
    stored_hashes,
    write_session,
)
from ingest.entities import normalize_entities
from ingest.errors import IngestError
from ingest.extract.base import Extraction, Extractor
from ingest.parallel import ParallelExtraction
from ingest.synonyms import similar_pairs


@dataclass
class IngestReport:
    """What an ingest did, and how long each stage took (seconds)."""

    sessions_written: int = 0
    sessions_unchanged: int = 0
    turns: int = 0
    edus: int = 0
    entities: int = 0
    similar_pairs: int = 0
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(
        default_factory=lambda: {"extract": 0.0, "embed": 0.0, "write": 0.0}
    )


@dataclass(frozen=True)
class Progress:
    """Told after each session is stored (or found unchanged)."""

    sessions: int
    turns: int
    edus: int


def qualify(conversation: Conversation, session: Session) -> Session:
    """Session and turn ids made unique within a scope that may hold several conversations."""
    prefix = f"{conversation.id}/"
    turns = tuple(t.model_copy(update={"id": prefix + t.id}) for t in session.turns)
    return session.model_copy(update={"id": prefix + session.id, "turns": turns})


def content_hash(session: Session, extractor: Extractor, embedding_model: str) -> str:
    text = session.model_dump_json() + extractor.name + extractor.version + embedding_model
    return hashlib.sha256(text.encode()).hexdigest()


class IngestPipeline:
    def __init__(
        self,
        driver: AsyncDriver,
        database: str,
        extraction: ParallelExtraction,
        embeddings: Embeddings,
        embedding_model: str,
    ) -> None:
        self.driver = driver
        self.database = database
        self.extraction = extraction
        self.extractor = extraction.extractor
        self.embeddings = embeddings
        self.embedding_model = embedding_model

    async def ingest(
        self,
        conversations: Iterable[Conversation],
        scope: str | None = None,
        on_progress: Callable[[Progress], None] = lambda _: None,
        scope_prefix: str = "",
    ) -> IngestReport:
        """Store every conversation in ``scope``, or each in a scope of its own named
        ``scope_prefix`` + its id."""
        report = IngestReport()
        for conversation in conversations:
            try:
                target = Scope(id=scope or scope_prefix + conversation.id)
            except ValidationError as error:
                raise IngestError(
                    f"{conversation.id!r} cannot be a scope id (letters, digits and . _ : @ - "
                    f"only, at most 128); pass --scope"
                ) from error
            await self._conversation(target, conversation, report, on_progress)
        return report

    async def _conversation(
        self,
        scope: Scope,
        conversation: Conversation,
        report: IngestReport,
        on_progress: Callable[[Progress], None],
    ) -> None:
        sessions = [qualify(conversation, s) for s in conversation.sessions]
        hashes = {s.id: content_hash(s, self.extractor, self.embedding_model) for s in sessions}
        stored = await stored_hashes(self.driver, self.database, scope.id, list(hashes))
        todo = [s for s in sessions if stored.get(s.id) != hashes[s.id]]
        for session in sessions:
            if session not in todo:
                report.sessions_unchanged += 1
                on_progress(Progress(1, len(session.turns), 0))
        if not todo:
            return
        known = await scope_entities(self.driver, self.database, scope.id)
        started = time.perf_counter()
        extractions: list[Extraction] = await asyncio.to_thread(
            self.extraction.extract, scope, todo
        )
        people = {e["key"] for e in known if e["type"] == EntityType.PERSON.value}
        edus, entities = normalize_entities(
            scope.id, [edu for x in extractions for edu in x.edus], people
        )
        report.seconds["extract"] += time.perf_counter() - started
        for extraction in extractions:
            report.warnings.extend(extraction.warnings)

        started = time.perf_counter()
        vectors = await asyncio.to_thread(self.embeddings.embed_documents, [e.text for e in edus])
        stored_vectors = {e["key"]: e["embedding"] for e in known if e["embedding"]}
        new = [e for e in entities if e.key not in stored_vectors]
        new_vectors = await asyncio.to_thread(
            self.embeddings.embed_documents, [e.name for e in new]
        )
        report.seconds["embed"] += time.perf_counter() - started
        entity_vectors = {e.key: v for e, v in zip(new, new_vectors, strict=True)}
        kinds = {e["key"]: EntityType(e["type"]) for e in known}
        pairs = similar_pairs(
            {e.key: (entity_vectors[e.key], e.type) for e in new},
            {k: (v, kinds[k]) for k, v in stored_vectors.items()},
            people | {e.key for e in entities if e.type is EntityType.PERSON},
        )
        report.similar_pairs += len(pairs)

        by_key = {e.key: e for e in entities}
        vector_of = dict(zip((e.id for e in edus), vectors, strict=True))
        for session in todo:
            own = [e for e in edus if e.session_id == session.id]
            keys = {m.key for e in own for m in e.mentions}
            own_entities = [by_key[k] for k in sorted(keys)]
            started = time.perf_counter()
            await write_session(
                self.driver,
                self.database,
                SessionWrite(
                    scope=scope.id,
                    conversation_id=conversation.id,
                    session=session,
                    content_hash=hashes[session.id],
                    extractor=self.extractor.name,
                    edus=own,
                    edu_embeddings=[vector_of[e.id] for e in own],
                    entities=own_entities,
                    entity_embeddings={k: entity_vectors[k] for k in keys if k in entity_vectors},
                    similar=[p for p in pairs if p.a in keys or p.b in keys],
                    replaces=session.id in stored,
                ),
            )
            report.seconds["write"] += time.perf_counter() - started
            report.sessions_written += 1
            report.turns += len(session.turns)
            report.edus += len(own)
            on_progress(Progress(1, len(session.turns), len(own)))
        started = time.perf_counter()
        await refresh_entity_counts(self.driver, self.database, scope.id, list(by_key))
        report.seconds["write"] += time.perf_counter() - started
        report.entities += len(new)
