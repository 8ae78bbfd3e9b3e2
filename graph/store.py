"""Writing sessions into Neo4j and removing them: one transaction per session, batched UNWINDs.

A session is stored completely or not at all. Its content hash is kept on the Session node,
so storing an unchanged session again is skipped, and a changed one replaces its turns and
EDUs cleanly in the same transaction.
"""

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from hippograph.graph.cypher import execute, load_query, native_value, run_query
from hippograph.graph.fulltext import scope_token
from hippograph.graph.gds.projection import drop_projections, refresh_projection
from hippograph.graph.model import EDU, Entity, Role, Session, Turn
from hippograph.graph.supersession import frame_key, relink_in, valid_from


@dataclass(frozen=True)
class SimilarPair:
    a: str
    b: str
    score: float


@dataclass(frozen=True)
class SessionWrite:
    """Everything one session adds to the graph. Session and turn ids are already unique in
    the scope; ``source_id`` of each is the id it had in the input (after the conversation
    prefix ``<conversation>/``)."""

    scope: str
    conversation_id: str
    session: Session
    input_hash: str  # Session.input_hash, computed once by the caller
    content_hash: str
    extractor: str
    edus: Sequence[EDU]
    edu_embeddings: Sequence[Sequence[float]]
    # Per EDU: the turn before its first turn ("Speaker: text"), and the embedding of the EDU
    # read in that context; both feed the "in context" recall presets.
    edu_contexts: Sequence[str | None]
    edu_context_embeddings: Sequence[Sequence[float]]
    entities: Sequence[Entity]
    entity_embeddings: Mapping[str, Sequence[float]]
    embedded_by: str  # the name of the model that made the vectors (EmbeddingRecord.name)
    similar: Sequence[SimilarPair] = field(default_factory=tuple)
    replaces: bool = False  # an earlier version of the session is stored and must go
    # Per EDU id, the earlier statements a chat model refused to let it supersede, and the
    # model (graph/supersession.py); none when no model was asked.
    refused: Mapping[str, Sequence[str]] = field(default_factory=dict)
    judged_by: str | None = None


def _source(conversation_id: str, qualified: str) -> str:
    return qualified.removeprefix(f"{conversation_id}/")


def _edu_row(
    edu: EDU,
    embedding: Sequence[float],
    context: str | None,
    context_embedding: Sequence[float],
    speaker_keys: list[str],
    w: SessionWrite,
) -> dict[str, Any]:
    return {
        "id": edu.id,
        "text": edu.text,
        "key": edu.search_key,
        "act": edu.act.value,
        "speakers": list(edu.speakers),
        "speaker_keys": speaker_keys,
        "turn_ids": list(edu.turn_ids),
        "context_turn_ids": list(edu.context_turn_ids),
        "session_date": edu.session_date,
        "date_start": edu.date.start if edu.date else None,
        "date_end": edu.date.end if edu.date else None,
        "date_granularity": edu.date.granularity.value if edu.date else None,
        "date_expression": edu.date.expression if edu.date else None,
        "extractor": edu.extractor,
        "extractor_version": edu.extractor_version,
        "embedding": list(embedding),
        "context": context,
        "context_embedding": list(context_embedding),
        # The speaker is linked by SAID_BY; a MENTIONS edge too would only repeat it.
        "mentions": [
            {"key": m.key, "role": m.role.value} for m in edu.mentions if m.role.value != "speaker"
        ],
        "valid_from": valid_from(edu),
        "frame_key": frame_key(edu.frame.subject, edu.frame.attribute) if edu.frame else None,
        "frame": edu.frame.model_dump() if edu.frame else {},
        "refused": list(w.refused.get(edu.id, ())) if edu.frame else None,
        "judged_by": w.judged_by if edu.frame else None,
    }


async def _write(tx: AsyncManagedTransaction, w: SessionWrite) -> int:
    scope, session = w.scope, w.session
    framed = {(e.frame.subject, e.frame.attribute) for e in w.edus if e.frame}
    if w.replaces:
        # What the replaced statements superseded is decided again.
        rows = await run_query(
            tx, "supersession/list_frame_keys", scope=scope, sessions=[session.id]
        )
        framed |= {(r["subject"], r["attribute"]) for r in rows}
        await run_query(tx, "ingest/delete_session_content", scope=scope, id=session.id)
    await run_query(
        tx,
        "ingest/merge_session",
        scope=scope,
        id=session.id,
        source_id=_source(w.conversation_id, session.id),
        conversation=w.conversation_id,
        started_at=session.started_at,
        input_hash=w.input_hash,
        content_hash=w.content_hash,
        extractor=w.extractor,
    )
    turns = _turn_rows(w)
    await run_query(tx, "ingest/create_turns", scope=scope, session=session.id, turns=turns)
    await _write_entities(tx, w)
    await _write_edus(tx, w)
    if w.similar:
        pairs = [{"a": p.a, "b": p.b, "score": p.score} for p in w.similar]
        await run_query(tx, "ingest/merge_similar_entities", scope=scope, pairs=pairs)
    if w.replaces:
        await run_query(tx, "admin/delete_orphan_entities", scope=scope)
    links = await relink_in(tx, scope, sorted(framed))
    own = {edu.id for edu in w.edus}
    return sum(link.later in own for link in links)


def _turn_rows(w: SessionWrite) -> list[dict[str, Any]]:
    return [
        {
            "id": t.id,
            "source_id": _source(w.conversation_id, t.id),
            "speaker": t.speaker,
            "role": t.role.value,
            "text": t.text,
            "image_caption": t.image_caption,
            "timestamp": t.timestamp,
        }
        for t in w.session.turns
    ]


async def _write_entities(
    tx: AsyncManagedTransaction, w: SessionWrite, appended: int | None = None
) -> None:
    entities = [
        {
            "key": e.key,
            "name": e.name,
            "type": e.type.value,
            "aliases": list(e.aliases),
            "embedding": list(w.entity_embeddings[e.key]) if e.key in w.entity_embeddings else None,
        }
        for e in w.entities
    ]
    await run_query(
        tx,
        "ingest/merge_entities",
        scope=w.scope,
        scope_token=scope_token(w.scope),
        entities=entities,
        embedded_by=w.embedded_by,
        appended=appended,
    )


async def _write_edus(
    tx: AsyncManagedTransaction, w: SessionWrite, appended: int | None = None
) -> None:
    speaker_keys = {m.name: m.key for edu in w.edus for m in edu.mentions}
    edus = [
        _edu_row(
            edu, emb, ctx, ctx_emb, [speaker_keys[s] for s in edu.speakers if s in speaker_keys], w
        )
        for edu, emb, ctx, ctx_emb in zip(
            w.edus, w.edu_embeddings, w.edu_contexts, w.edu_context_embeddings, strict=True
        )
    ]
    await run_query(
        tx,
        "ingest/create_edus",
        scope=w.scope,
        scope_token=scope_token(w.scope),
        session=w.session.id,
        edus=edus,
        embedded_by=w.embedded_by,
        appended=appended,
    )


async def refresh_entity_counts(
    driver: AsyncDriver, database: str, scope: str, keys: list[str]
) -> None:
    """Recount sessions and EDUs per entity: once per ingested conversation, not per session."""
    await execute(driver, database, "ingest/update_entity_counts", {"scope": scope, "keys": keys})


async def write_session(driver: AsyncDriver, database: str, write: SessionWrite) -> int:
    """Store one session atomically (replacing what an earlier version of it stored), with
    the supersession links among the scope's statements of the subjects and attributes it
    speaks of; how many earlier statements its own supersede."""
    async with driver.session(database=database) as session:
        return await session.execute_write(_write, write)


@dataclass(frozen=True)
class StoredHashes:
    """A stored session's hashes: of its input, and of that with how its EDUs were derived.
    ``input`` is None for a session stored before `hippograph migrate` recorded it."""

    input: str | None
    content: str


async def stored_hashes(
    driver: AsyncDriver, database: str, scope: str, ids: list[str]
) -> dict[str, StoredHashes]:
    records = await execute(
        driver, database, "ingest/get_session_hashes", {"scope": scope, "ids": ids}
    )
    return {r["id"]: StoredHashes(r["input_hash"], r["content_hash"]) for r in records}


async def scope_entities(driver: AsyncDriver, database: str, scope: str) -> list[dict[str, Any]]:
    records = await execute(driver, database, "ingest/list_entities", {"scope": scope})
    return [r.data() for r in records]


async def delete_session(driver: AsyncDriver, database: str, scope: str, session_id: str) -> bool:
    """Delete a session, its turns and EDUs, and entities nothing else mentions; what its
    statements superseded is relinked. False if absent."""

    async def work(tx: AsyncManagedTransaction) -> bool:
        framed = await run_query(
            tx, "supersession/list_frame_keys", scope=scope, sessions=[session_id]
        )
        rows = await run_query(tx, "admin/delete_session", scope=scope, id=session_id)
        if not rows:
            return False
        await run_query(tx, "ingest/update_entity_counts", scope=scope, keys=rows[0]["keys"])
        await run_query(tx, "admin/delete_orphan_entities", scope=scope)
        # What its statements superseded is valid again, unless another statement says not.
        await relink_in(tx, scope, [(r["subject"], r["attribute"]) for r in framed])
        return True

    async with driver.session(database=database) as session:
        deleted = await session.execute_write(work)
    if deleted:
        await refresh_projection(driver, database, scope)
    return deleted


async def delete_scope(driver: AsyncDriver, database: str, scope: str) -> bool:
    """Delete everything of a scope and its projections; whether it held a session."""
    # Its own session, not a managed transaction: the statement commits in batches (CALL …
    # IN TRANSACTIONS), which only an implicit transaction may do.
    query = load_query("admin/delete_scope")
    async with driver.session(database=database) as session:
        result = await session.run(query.cypher, query.parameters({"scope": scope}))
        record = await result.single(strict=True)
    await drop_projections(driver, database, scope)
    return bool(record["sessions"])


async def counts(
    driver: AsyncDriver, database: str, scope: str | None
) -> dict[str, dict[str, int]]:
    """Node counts per label and relationship counts per type, for a scope or everything."""
    name, values = (
        ("admin/count_all", {}) if scope is None else ("admin/count_scope", {"scope": scope})
    )
    records = await execute(driver, database, name, values)
    found: dict[str, dict[str, int]] = {"nodes": {}, "relationships": {}}
    for r in records:
        found["nodes" if r["kind"] == "node" else "relationships"][r["name"]] = r["count"]
    return found


async def list_scopes(driver: AsyncDriver, database: str) -> dict[str, int]:
    """Every scope that holds a session, with its number of sessions."""
    records = await execute(driver, database, "admin/list_scopes", read=True)
    return {r["scope"]: r["sessions"] for r in records}


async def gds_version(driver: AsyncDriver, database: str) -> str:
    """The GDS plugin's version: proof that the server answers and the plugin is loaded."""
    records = await execute(driver, database, "admin/get_health", read=True)
    return str(records[0]["gds"])


async def copy_scope(
    driver: AsyncDriver,
    database: str,
    source: str,
    target: str,
    suffix: str,
    noise: float | None = None,
    sessions: Sequence[str] | None = None,
) -> int:
    """Copy ``source``'s nodes and relationships (of ``sessions`` only, when given) into
    ``target``, each id suffixed with ``suffix``, with embeddings perturbed by up to
    ±``noise``/2 a component (None: without embeddings); returns the EDUs copied. For scaling
    benchmarks."""
    parameters = {
        "source": source,
        "target": target,
        "target_token": scope_token(target),
        "suffix": suffix,
        "noise": noise,
        "sessions": None if sessions is None else list(sessions),
    }
    records = await execute(driver, database, "bench/copy_scope", parameters)
    return int(records[0]["edus"])


async def session_edus(driver: AsyncDriver, database: str, scope: str) -> list[tuple[str, int]]:
    """The scope's sessions with their EDU counts, in id order. For scaling benchmarks."""
    records = await execute(driver, database, "bench/list_session_edus", {"scope": scope})
    return [(r["session"], r["edus"]) for r in records]


# How many stored turns before an append's new ones it reads them with: the offline extractor
# looks one turn back (a pronoun's person, the question a short reply answers) and back to the
# last other speaker (whom "you" means), which in a conversation is the turn before or the one
# before it. Whole-session and turn-by-turn EDUs are compared in docs/evaluation.md.
APPEND_CONTEXT_TURNS = 2


@dataclass(frozen=True)
class SessionTail:
    """What an append reads of its session: its date, how many turns it holds, its last turns
    (the context of the new ones) and the given turn ids it holds already, with their
    content."""

    started_at: datetime | None
    turn_count: int
    tail: tuple[Turn, ...]
    stored: Mapping[str, tuple[int, Turn]]  # turn id -> (position, turn)


def _turn(row: Mapping[str, Any]) -> Turn:
    return Turn(
        id=row["id"],
        speaker=row["speaker"],
        role=Role(row["role"] or Role.PERSON.value),
        text=row["text"],
        image_caption=row["image_caption"],
        timestamp=native_value(row["timestamp"]),
    )


def _tail_of(row: Mapping[str, Any]) -> SessionTail:
    return SessionTail(
        started_at=native_value(row["started_at"]),
        turn_count=row["turn_count"] or 0,
        tail=tuple(_turn(r) for r in row["tail"]),
        stored={r["id"]: (r["position"], _turn(r)) for r in row["stored"]},
    )


def _tail_values(scope: str, session_id: str, turn_ids: Sequence[str]) -> dict[str, Any]:
    return {
        "scope": scope,
        "id": session_id,
        "window": APPEND_CONTEXT_TURNS,
        "turn_ids": list(turn_ids),
    }


async def session_tail(
    driver: AsyncDriver, database: str, scope: str, session_id: str, turn_ids: Sequence[str]
) -> SessionTail:
    """The session as an append reads it first, without locking it: when every given turn is
    stored already, there is nothing to append and nothing to wait for."""
    values = _tail_values(scope, session_id, turn_ids)
    records = await execute(driver, database, "ingest/get_session_tail", values)
    return _tail_of(records[0])


@dataclass(frozen=True)
class AppendTarget:
    """The session an append goes to (created with these when new) and the turn ids it was
    given (qualified), which its tail reports when stored."""

    scope: str
    session_id: str
    conversation_id: str
    started_at: datetime | None
    extractor: str
    turn_ids: Sequence[str]


@dataclass(frozen=True)
class Appended:
    """What an append stored: whether it created the session, the session's date and turn
    count after it, and how many earlier statements its EDUs superseded."""

    created: bool
    started_at: datetime | None
    turn_count: int
    edus: int  # EDUs stored (one whose text the session said before is not stored again)
    superseded: int


async def append_session(
    driver: AsyncDriver,
    database: str,
    target: AppendTarget,
    derive: Callable[[SessionTail], Awaitable[SessionWrite | None]],
) -> tuple[SessionTail, Appended | None]:
    """Append to a session in one transaction that holds it from the start: lock it (create
    it when new), read its tail, let ``derive`` make the write of the turns it lacks (None:
    nothing to add), and store them after the stored ones with their EDUs and entities. Entity
    counts, synonym pairs and supersession are updated for what they touch; nothing else is
    recomputed. Appends to one session wait for each other here, so each reads the turns
    before it and positions never collide."""

    async def work(tx: AsyncManagedTransaction) -> tuple[SessionTail, Appended | None]:
        await run_query(
            tx,
            "ingest/lock_session",
            scope=target.scope,
            id=target.session_id,
            source_id=_source(target.conversation_id, target.session_id),
            conversation=target.conversation_id,
            started_at=target.started_at,
            extractor=target.extractor,
        )
        values = _tail_values(target.scope, target.session_id, target.turn_ids)
        tail = _tail_of((await run_query(tx, "ingest/get_session_tail", **values))[0])
        write = await derive(tail)
        return tail, None if write is None else await _append(tx, write, tail)

    async with driver.session(database=database) as session:
        return await session.execute_write(work)


async def _append(tx: AsyncManagedTransaction, w: SessionWrite, tail: SessionTail) -> Appended:
    scope, session, start = w.scope, w.session, tail.turn_count
    await run_query(
        tx, "ingest/append_turns", scope=scope, session=session.id, start=start,
        turns=_turn_rows(w),
    )  # fmt: skip
    appended = (await run_query(tx, "ingest/mark_appended", scope=scope))[0]["appended"]
    held = await run_query(tx, "ingest/list_stored_edus", scope=scope, ids=[e.id for e in w.edus])
    w = _without(w, {r["id"] for r in held})
    await _write_entities(tx, w, appended)
    await _write_edus(tx, w, appended)
    if w.similar:
        pairs = [{"a": p.a, "b": p.b, "score": p.score} for p in w.similar]
        await run_query(tx, "ingest/merge_similar_entities", scope=scope, pairs=pairs)
    await run_query(
        tx,
        "ingest/add_entity_counts",
        scope=scope,
        session=session.id,
        new_edus=[e.id for e in w.edus],
        counts=_entity_counts(w),
    )
    framed = sorted({(e.frame.subject, e.frame.attribute) for e in w.edus if e.frame})
    links = await relink_in(tx, scope, framed)
    own = {edu.id for edu in w.edus}
    return Appended(
        created=not tail.turn_count,
        started_at=tail.started_at,
        turn_count=start + len(session.turns),
        edus=len(w.edus),
        superseded=sum(link.later in own for link in links),
    )


def _without(w: SessionWrite, held: set[str]) -> SessionWrite:
    """``w`` without the EDUs whose ids are ``held``."""
    if not held:
        return w
    keep = [i for i, edu in enumerate(w.edus) if edu.id not in held]
    return replace(
        w,
        edus=[w.edus[i] for i in keep],
        edu_embeddings=[w.edu_embeddings[i] for i in keep],
        edu_contexts=[w.edu_contexts[i] for i in keep],
        edu_context_embeddings=[w.edu_context_embeddings[i] for i in keep],
    )


def _entity_counts(w: SessionWrite) -> list[dict[str, Any]]:
    """Per entity key, how many of the write's EDUs mention it or were said by its person."""
    counts: dict[str, int] = {}
    for edu in w.edus:
        for key in {m.key for m in edu.mentions}:
            counts[key] = counts.get(key, 0) + 1
    return [{"key": key, "edus": n} for key, n in sorted(counts.items())]


async def edu_texts(driver: AsyncDriver, database: str, scope: str) -> list[tuple[str, str]]:
    """The scope's EDUs as (source id of their first turn, text). For benchmarks."""
    records = await execute(driver, database, "bench/list_edu_texts", {"scope": scope})
    return [(r["turn"], r["text"]) for r in records]
