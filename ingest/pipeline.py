"""The ingest pipeline, per session: extract → normalize entities → embed (each EDU alone and
in the context of the turn before, new entity names) → SIMILAR_TO pairs of the new names →
the judge's verdicts on proposed supersessions (with a chat model configured) → store (the
session's EDUs, entities, links and supersession in one transaction) → the scope's projection
refreshed once the run's sessions are stored. ``append`` does the same for new turns of a
stored session, read after its last turns.

Sessions whose content (and extractor and embedding model) is unchanged since they were
stored are skipped before any work is done, so an interrupted ingest run again finishes the
job without duplicates; each session is written in one transaction.
"""

import asyncio
import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from langchain_core.embeddings import Embeddings
from neo4j import AsyncDriver
from pydantic import ValidationError

from hippograph.graph.embedding import check_embedding, record_embedding, scope_embedding
from hippograph.graph.gds.catalog import WarmCatalog
from hippograph.graph.jobs import OutcomeStatus
from hippograph.graph.model import (
    EDU,
    Conversation,
    EmbeddingRecord,
    Entity,
    EntityType,
    OnConflict,
    Scope,
    Session,
    Turn,
)
from hippograph.graph.store import (
    Appended,
    AppendTarget,
    SessionTail,
    SessionWrite,
    SimilarPair,
    StoredHashes,
    append_session,
    refresh_entity_counts,
    scope_entities,
    session_tail,
    stored_hashes,
    write_session,
)
from hippograph.graph.supersession import proposed_links
from hippograph.ingest.embedding.local import embed_each
from hippograph.ingest.entities import normalize_entities
from hippograph.ingest.errors import IngestError, SessionConflictError
from hippograph.ingest.extract.extractor import Extraction, Extractor
from hippograph.ingest.parallel import ParallelExtraction
from hippograph.ingest.records import DEFAULT_CONVERSATION, SessionRecord
from hippograph.ingest.supersession.frames import framed_statements
from hippograph.ingest.supersession.judge import LinkTexts, SupersessionJudge
from hippograph.ingest.synonyms import similar_pairs


@dataclass
class IngestReport:
    """What an ingest did, and how long each stage took (seconds)."""

    sessions_written: int = 0  # REPLACED ones included
    sessions_replaced: int = 0
    sessions_unchanged: int = 0
    sessions_skipped: int = 0  # a conflict under SKIP
    sessions_refused: int = 0  # a conflict under FAIL
    scopes: dict[str, int] = field(default_factory=dict)  # sessions written per scope
    turns: int = 0
    edus: int = 0
    entities: int = 0
    similar_pairs: int = 0
    # Earlier statements that the written sessions' statements superseded (SUPERSEDED_BY)
    superseded: int = 0
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(
        default_factory=lambda: {"extract": 0.0, "embed": 0.0, "write": 0.0, "project": 0.0}
    )


@dataclass(frozen=True)
class Progress:
    """Told after each session is stored, found unchanged, or kept back by a conflict."""

    sessions: int
    turns: int
    edus: int
    session_id: str = ""
    status: OutcomeStatus = OutcomeStatus.UNCHANGED
    error: str | None = None  # why a conflict refused it (OnConflict.FAIL)


def qualify(conversation: Conversation, session: Session) -> Session:
    """Session and turn ids made unique within a scope that may hold several conversations."""
    prefix = f"{conversation.id}/"
    turns = tuple(t.model_copy(update={"id": prefix + t.id}) for t in session.turns)
    return session.model_copy(update={"id": prefix + session.id, "turns": turns})


def in_context_text(edu_key: str, previous: str | None) -> str:
    """What an EDU is embedded as "in context": its search key with the turn before its turn."""
    return f"{edu_key} || previous: {previous}"


def previous_turns(sessions: Iterable[Session]) -> dict[str, str]:
    """For each turn that has one, the turn before it in its session, as "Speaker: text"."""
    return {
        turn.id: f"{before.speaker}: {before.text}"
        for session in sessions
        for before, turn in zip(session.turns, session.turns[1:], strict=False)
    }


def _kept_back(
    scope: Scope,
    session: Session,
    given: str,
    content: str,
    stored: StoredHashes | None,
    on_conflict: OnConflict,
) -> Progress | None:
    """None when ``session`` is to be written; otherwise why not, as its progress step.

    A session stored with the same input but derived by another extractor or model is written
    again (its input is unchanged, nothing of the caller's is replaced)."""
    if stored is None or stored.content == content:
        return None if stored is None else Progress(1, len(session.turns), 0, session.id)
    if stored.input is None:
        raise IngestError(
            f"session {session.id!r} of scope {scope.id!r} was stored by an earlier version of "
            "hippograph, which did not record what it was given: run `hippograph migrate` "
            "once, then store it again"
        )
    if stored.input == given or on_conflict is OnConflict.REPLACE:
        return None
    if on_conflict is OnConflict.SKIP:
        return Progress(1, 0, 0, session.id, OutcomeStatus.SKIPPED)
    return Progress(
        1, 0, 0, session.id, OutcomeStatus.FAILED,
        f"scope {scope.id!r} already holds session {session.id!r} with other content (kept); "
        "send it with onConflict REPLACE (CLI: --on-conflict replace) to replace it, or under "
        "another id to keep both",
    )  # fmt: skip


@dataclass
class KnownEntities:
    """A scope's stored entities as the pipeline needs them: type and name embedding per key.

    Loaded from the database once per scope and run, then kept up to date by the pipeline,
    so a file streamed in many chunks into one scope does not re-read them chunk by chunk.
    """

    types: dict[str, EntityType]
    vectors: dict[str, list[float]]

    @property
    def people(self) -> set[str]:
        return {key for key, kind in self.types.items() if kind is EntityType.PERSON}


# Bumped when what is stored per EDU changes (2: previous-turn context and its embedding; 3: the
# search key and the act; 4: the model that made each vector), so that sessions stored before
# are re-ingested rather than left without it. The embedding model is not part of the hash: the
# scope records it (graph/embedding.py), and a scope is re-embedded without re-extracting.
STORAGE_VERSION = "4"


def content_hash(session: Session, extractor: Extractor) -> str:
    text = session.model_dump_json() + extractor.name + extractor.version + STORAGE_VERSION
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class AppendedTurn:
    """One turn of an append: its stored id, the id it was given, its position, and whether
    this append stored it (False: the session held it already, a retried call)."""

    id: str
    source_id: str
    position: int
    new: bool


@dataclass(frozen=True)
class AppendOutcome:
    """What an append did to its session (``session_id`` is the stored id)."""

    session_id: str
    created: bool
    started_at: datetime | None
    turn_count: int
    turns: list[AppendedTurn]
    edus: int = 0
    superseded: int = 0

    @property
    def stored(self) -> int:
        return sum(t.new for t in self.turns)


def _numbered(record: SessionRecord, held: set[str], first: int) -> SessionRecord:
    """``record`` with an id for each turn: a turn sent without one gets
    ``<session>:<position>``, the position it takes after the ``first`` stored turns and the
    new turns before it (``held``: the given ids the session holds already, which take none)."""
    turns, position = [], first
    for turn in record.turns:
        if turn.id is not None and turn.id in held:
            turns.append(turn)
            continue
        named = turn.id or f"{record.session}:{position}"
        turns.append(turn.model_copy(update={"id": named}))
        position += 1
    return record.model_copy(update={"turns": turns})


def _same_turn(a: Turn, b: Turn) -> bool:
    fields = ("speaker", "role", "text", "image_caption")
    return all(getattr(a, f) == getattr(b, f) for f in fields) and (
        a.timestamp is None or b.timestamp is None or a.timestamp == b.timestamp
    )


@dataclass(frozen=True)
class AppendPlan:
    """An append read against its session's tail: the session's stored id, each given turn
    as stored or new, and the new ones."""

    session: str
    turns: list[AppendedTurn]
    new: list[Turn]


def _plan(record: SessionRecord, conversation: Conversation, tail: SessionTail) -> AppendPlan:
    """Each given turn as stored or new (positions after the stored turns); a given id the
    session holds with other content is a conflict, and nothing is appended."""
    held = {i.split("/", 1)[1] for i in tail.stored}
    given = qualify(conversation, _numbered(record, held, tail.turn_count).to_session())
    turns, new, position = [], [], tail.turn_count
    for turn in given.turns:
        stored = tail.stored.get(turn.id)
        source = turn.id.split("/", 1)[1]
        if stored is None:
            turns.append(AppendedTurn(turn.id, source, position, True))
            new.append(turn)
            position += 1
        elif _same_turn(stored[1], turn):
            turns.append(AppendedTurn(turn.id, source, stored[0], False))
        else:
            raise SessionConflictError(
                f"session {given.id!r} holds turn {source!r} with other content (kept); an "
                "appended turn never replaces one: send it under another id"
            )
    return AppendPlan(given.id, turns, new)


def _outcome(plan: AppendPlan, tail: SessionTail, stored: Appended | None = None) -> AppendOutcome:
    if stored is None:
        return AppendOutcome(plan.session, False, tail.started_at, tail.turn_count, plan.turns)
    return AppendOutcome(
        plan.session, stored.created, stored.started_at, stored.turn_count, plan.turns,
        stored.edus, stored.superseded,
    )  # fmt: skip


class IngestPipeline:
    def __init__(
        self,
        driver: AsyncDriver,
        database: str,
        extraction: ParallelExtraction,
        embeddings: Embeddings,
        embedding: EmbeddingRecord,
        catalog: WarmCatalog | None = None,
        judge: SupersessionJudge | None = None,
    ) -> None:
        self.driver = driver
        self.judge = judge
        self.catalog = catalog or WarmCatalog(None)  # None: projections without a budget
        self.database = database
        self.extraction = extraction
        self.extractor = extraction.extractor
        self.embeddings = embeddings
        self.embedding = embedding
        self._known: dict[str, KnownEntities] = {}
        self._model_checked: set[str] = set()

    def forget(self, scope: str) -> None:
        """Drop what this pipeline keeps about ``scope`` (its entities' vectors, its model
        checked): after a re-embedding, they are another model's."""
        self._known.pop(scope, None)
        self._model_checked.discard(scope)

    async def _known_entities(self, scope: str) -> KnownEntities:
        if scope not in self._known:
            rows = await scope_entities(self.driver, self.database, scope)
            self._known[scope] = KnownEntities(
                types={r["key"]: EntityType(r["type"]) for r in rows},
                vectors={r["key"]: r["embedding"] for r in rows if r["embedding"]},
            )
        return self._known[scope]

    async def ingest(
        self,
        conversations: Iterable[Conversation],
        scope: str | None = None,
        on_progress: Callable[[Progress], None] = lambda _: None,
        scope_prefix: str = "",
        on_conflict: OnConflict = OnConflict.REPLACE,
    ) -> IngestReport:
        """Store every conversation in ``scope``, or each in a scope of its own named
        ``scope_prefix`` + its id. A session whose identity is stored with other input is
        replaced, skipped or refused as ``on_conflict`` says, and its outcome tells which."""
        report = IngestReport()
        for conversation in conversations:
            try:
                target = Scope(id=scope or scope_prefix + conversation.id)
            except ValidationError as error:
                raise IngestError(
                    f"{conversation.id!r} cannot be a scope id (letters, digits and . _ : @ - "
                    f"only, at most 128); pass --scope"
                ) from error
            await self._conversation(target, conversation, report, on_progress, on_conflict)
        return report

    async def _conversation(
        self,
        scope: Scope,
        conversation: Conversation,
        report: IngestReport,
        on_progress: Callable[[Progress], None],
        on_conflict: OnConflict,
    ) -> None:
        sessions = [qualify(conversation, s) for s in conversation.sessions]
        hashes = {s.id: content_hash(s, self.extractor) for s in sessions}
        given = {s.id: s.input_hash for s in sessions}
        stored = await stored_hashes(self.driver, self.database, scope.id, list(hashes))
        todo = []
        for session in sessions:
            kept = _kept_back(scope, session, given[session.id], hashes[session.id],
                              stored.get(session.id), on_conflict)  # fmt: skip
            if kept is None:
                todo.append(session)
                continue
            report.sessions_unchanged += kept.status is OutcomeStatus.UNCHANGED
            report.sessions_skipped += kept.status is OutcomeStatus.SKIPPED
            report.sessions_refused += kept.status is OutcomeStatus.FAILED
            on_progress(kept)
        if not todo:
            return
        await self._check_model(scope.id)
        known = await self._known_entities(scope.id)
        edus, entities = await self._extract(scope, todo, known, report)
        embedded = await self._embed(edus, entities, todo, known, report)
        pairs = similar_pairs(
            {e.key: (embedded.entities[e.key], e.type) for e in embedded.new},
            {k: (v, known.types[k]) for k, v in known.vectors.items()},
            known.people | {e.key for e in entities if e.type is EntityType.PERSON},
        )
        report.similar_pairs += len(pairs)
        # When sessions are replaced, their clean-up may remove entities that a later session
        # of this batch mentions again: then every mentioned entity travels with its embedding,
        # so it is recreated complete. A fresh ingest sends only the new ones (less to ship).
        entity_vectors = {**known.vectors, **embedded.entities} if stored else embedded.entities
        refused = await self._judged(scope, todo, edus, list(stored), report)
        batch = Batch(conversation, edus, entities, embedded, entity_vectors, pairs, refused)
        for session in todo:
            write = batch.session_write(
                scope,
                session,
                given[session.id],
                hashes[session.id],
                self.extractor.name,
                self.embedding.name,
                session.id in stored,
                self.judge.name if self.judge else None,
            )
            earlier = stored.get(session.id)
            replaced = earlier is not None and earlier.input != given[session.id]
            await self._write(write, report, on_progress, replaced)
        await self._finish(scope, entities, embedded, known, report)

    async def append(self, scope: Scope, record: SessionRecord) -> AppendOutcome:
        """Add ``record``'s turns after its session's stored ones (the session is created when
        new): only they are extracted, read after the session's last stored turns as whole
        ingest reads them, then embedded and written with what they touch (graph/store.py's
        append_session). A turn id the session holds already is not stored again."""
        conversation = Conversation(id=record.conversation or DEFAULT_CONVERSATION, sessions=())
        given = qualify(conversation, record.to_session())
        explicit = [t.id for t, r in zip(given.turns, record.turns, strict=True) if r.id]
        seen = await session_tail(self.driver, self.database, scope.id, given.id, explicit)
        if not (plan := _plan(record, conversation, seen)).new:
            return _outcome(plan, seen)
        await self._check_model(scope.id)
        known = await self._known_entities(scope.id)
        report = IngestReport()
        planned: list[AppendPlan] = []

        async def derive(tail: SessionTail) -> SessionWrite | None:
            planned[:] = [_plan(record, conversation, tail)]
            if not planned[0].new:
                return None
            return await self._appended(scope, conversation, planned[0], tail, known, report)

        target = AppendTarget(
            scope.id, given.id, conversation.id, given.started_at, self.extractor.name, explicit
        )
        tail, stored = await append_session(self.driver, self.database, target, derive)
        return _outcome(planned[0], tail, stored)

    async def _appended(
        self,
        scope: Scope,
        conversation: Conversation,
        plan: "AppendPlan",
        tail: SessionTail,
        known: KnownEntities,
        report: IngestReport,
    ) -> SessionWrite:
        """What an append's new turns store: their EDUs, read after the session's last turns,
        with their entities and vectors."""
        context = Session(
            id=plan.session, started_at=tail.started_at, turns=(*tail.tail, *plan.new)
        )
        added = Session(id=plan.session, started_at=tail.started_at, turns=tuple(plan.new))
        edus, entities = await self._extract(scope, [context], known, report)
        ids = {t.id for t in plan.new}
        edus = [e for e in edus if e.turn_ids[0] in ids]
        keys = {m.key for e in edus for m in e.mentions}
        entities = [e for e in entities if e.key in keys]
        embedded = await self._embed(edus, entities, [context], known, report)
        pairs = similar_pairs(
            {e.key: (embedded.entities[e.key], e.type) for e in embedded.new},
            {k: (v, known.types[k]) for k, v in known.vectors.items()},
            known.people | {e.key for e in entities if e.type is EntityType.PERSON},
        )
        refused = await self._judged(scope, [context], edus, [], report)
        vectors = {**known.vectors, **embedded.entities}
        batch = Batch(conversation, edus, entities, embedded, vectors, pairs, refused)
        # What this process knows of the scope's entities includes them from now on (should
        # the transaction fail, a name is only embedded once more).
        known.types.update({e.key: e.type for e in embedded.new})
        known.vectors.update(embedded.entities)
        return batch.session_write(
            scope, added, "", "", self.extractor.name, self.embedding.name, False,
            self.judge.name if self.judge else None,
        )  # fmt: skip

    async def _judged(
        self,
        scope: Scope,
        todo: list[Session],
        edus: list[EDU],
        replaced: list[str],
        report: IngestReport,
    ) -> dict[str, list[str]]:
        """With a judge: per new EDU, the earlier statements it would supersede that the
        chat model says it does not (graph/supersession.py then leaves them valid)."""
        if self.judge is None:
            return {}
        started = time.perf_counter()
        framed = framed_statements(todo, edus)
        refused: dict[str, list[str]] = {}
        asked: set[tuple[str, str]] = set()
        while True:  # a refusal leaves a statement valid, which a later one may then close
            new = [replace(x, refused=frozenset(refused.get(x.id, ()))) for x in framed]
            links, stored = await proposed_links(
                self.driver, self.database, scope.id, new, replaced
            )
            unasked = [x for x in links if (x.earlier, x.later) not in asked]
            if not unasked:
                break
            texts = {e.id: e.text for e in edus} | stored
            verdicts = await asyncio.to_thread(
                self.judge.agrees,
                [LinkTexts(texts[x.earlier], texts[x.later], x.attribute) for x in unasked],
            )
            for link, agreed in zip(unasked, verdicts, strict=True):
                asked.add((link.earlier, link.later))
                if not agreed:
                    refused.setdefault(link.later, []).append(link.earlier)
        report.seconds["judge"] = report.seconds.get("judge", 0.0) + time.perf_counter() - started
        return refused

    async def _check_model(self, scope: str) -> None:
        """Refuse a scope another model embedded; record ours on a scope's first write."""
        if scope in self._model_checked:
            return
        stored = await scope_embedding(self.driver, self.database, scope, self.embedding.name)
        check_embedding(scope, stored, self.embedding.name)
        if stored.record is None:
            await record_embedding(self.driver, self.database, scope, self.embedding)
        self._model_checked.add(scope)

    async def _extract(
        self, scope: Scope, todo: list[Session], known: KnownEntities, report: IngestReport
    ) -> tuple[list[EDU], list[Entity]]:
        """The sessions' EDUs, and their entities normalized against the scope's people."""
        started = time.perf_counter()
        extractions: list[Extraction] = await asyncio.to_thread(
            self.extraction.extract, scope, todo
        )
        edus, entities = normalize_entities(
            scope.id, [edu for x in extractions for edu in x.edus], known.people, known.types
        )
        report.seconds["extract"] += time.perf_counter() - started
        for extraction in extractions:
            report.warnings.extend(extraction.warnings)
        return edus, entities

    async def _embed(
        self,
        edus: list[EDU],
        entities: list[Entity],
        todo: list[Session],
        known: KnownEntities,
        report: IngestReport,
    ) -> "Embedded":
        """Each EDU alone and in the context of the turn before its turn, and new entities.

        An EDU is embedded as its search key, the day it was said before its text: with
        e5-small-v2 that found more evidence by exact dense search on the dev split (R@10
        65.9 -> 71.4 alone, 74.6 -> 77.7 in context; four of five conversations alone, all five
        in context), though with all-MiniLM-L6-v2 it found less (63.2 -> 60.5; docs/evaluation.md).
        """
        started = time.perf_counter()
        keys = [e.search_key for e in edus]
        vectors = await asyncio.to_thread(self.embeddings.embed_documents, keys)
        previous = previous_turns(todo)
        contexts = [previous.get(e.turn_ids[0]) for e in edus]
        in_context = [i for i, c in enumerate(contexts) if c]
        context_vectors = list(vectors)
        embedded = await asyncio.to_thread(
            self.embeddings.embed_documents,
            [in_context_text(keys[i], contexts[i]) for i in in_context],
        )
        for i, vector in zip(in_context, embedded, strict=True):
            context_vectors[i] = vector
        new = [e for e in entities if e.key not in known.vectors]
        # Names one at a time with an int8 model: synonymy compares them against a threshold,
        # and a batch neighbour could move a pair across it (an export imported again linked
        # other pairs than its source).
        new_vectors = await asyncio.to_thread(embed_each, self.embeddings, [e.name for e in new])
        report.seconds["embed"] += time.perf_counter() - started
        return Embedded(
            edus={e.id: v for e, v in zip(edus, vectors, strict=True)},
            contexts={
                e.id: (c, v) for e, c, v in zip(edus, contexts, context_vectors, strict=True)
            },
            new=new,
            entities={e.key: v for e, v in zip(new, new_vectors, strict=True)},
        )

    async def _write(
        self,
        write: SessionWrite,
        report: IngestReport,
        on_progress: Callable[[Progress], None],
        replaced: bool,
    ) -> None:
        started = time.perf_counter()
        report.superseded += await write_session(self.driver, self.database, write)
        report.seconds["write"] += time.perf_counter() - started
        report.sessions_written += 1
        report.sessions_replaced += replaced
        report.scopes[write.scope] = report.scopes.get(write.scope, 0) + 1
        report.turns += len(write.session.turns)
        report.edus += len(write.edus)
        status = OutcomeStatus.REPLACED if replaced else OutcomeStatus.STORED
        turns, edus = len(write.session.turns), len(write.edus)
        on_progress(Progress(1, turns, edus, write.session.id, status))

    async def _finish(
        self,
        scope: Scope,
        entities: list[Entity],
        embedded: "Embedded",
        known: KnownEntities,
        report: IngestReport,
    ) -> None:
        """Entity counts, the scope's projection, and what the pipeline now knows."""
        started = time.perf_counter()
        keys = list(dict.fromkeys(e.key for e in entities))
        await refresh_entity_counts(self.driver, self.database, scope.id, keys)
        report.seconds["write"] += time.perf_counter() - started
        # Recalls from now on must see these sessions; the ones running keep the old projection.
        started = time.perf_counter()
        await self.catalog.refresh(self.driver, self.database, scope.id)
        report.seconds["project"] += time.perf_counter() - started
        report.entities += len(embedded.new)
        known.types.update({e.key: e.type for e in embedded.new})
        known.vectors.update(embedded.entities)


@dataclass(frozen=True)
class Embedded:
    """A batch's vectors: per EDU id alone and (context text, vector) in context; per new
    entity key its name's."""

    edus: dict[str, list[float]]
    contexts: dict[str, tuple[str | None, list[float]]]
    new: list[Entity]
    entities: dict[str, list[float]]


@dataclass(frozen=True)
class Batch:
    """What a conversation's changed sessions produced, ready to be written session by session."""

    conversation: Conversation
    edus: list[EDU]
    entities: list[Entity]
    embedded: Embedded
    entity_vectors: dict[str, list[float]]
    pairs: list[SimilarPair]
    refused: dict[str, list[str]]  # by a chat model: per EDU, earlier statements kept valid

    def session_write(
        self,
        scope: Scope,
        session: Session,
        input_hash: str,
        content_hash: str,
        extractor: str,
        embedded_by: str,
        replaces: bool,
        judged_by: str | None,
    ) -> SessionWrite:
        """What one session stores: its EDUs with their vectors, the entities they mention."""
        own = [e for e in self.edus if e.session_id == session.id]
        keys = {m.key for e in own for m in e.mentions}
        by_key = {e.key: e for e in self.entities}
        return SessionWrite(
            scope=scope.id,
            conversation_id=self.conversation.id,
            session=session,
            input_hash=input_hash,
            content_hash=content_hash,
            extractor=extractor,
            edus=own,
            edu_embeddings=[self.embedded.edus[e.id] for e in own],
            edu_contexts=[self.embedded.contexts[e.id][0] for e in own],
            edu_context_embeddings=[self.embedded.contexts[e.id][1] for e in own],
            entities=[by_key[k] for k in sorted(keys)],
            entity_embeddings={k: self.entity_vectors[k] for k in keys if k in self.entity_vectors},
            embedded_by=embedded_by,
            similar=[p for p in self.pairs if p.a in keys or p.b in keys],
            replaces=replaces,
            refused={e.id: self.refused[e.id] for e in own if e.id in self.refused},
            judged_by=judged_by,
        )
