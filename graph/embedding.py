"""Which model embedded a scope, and the storage steps of re-embedding one.

A scope records its model (an ``EmbeddingModel`` node) at its first write; every EDU and entity
vector is marked with the model that made it (``embedded_by``). Ingest and recall compare the
record with the model they embed with and refuse a mismatch; a re-embedding rewrites the
vectors another model made, a batch at a time, and records the new model when none is left,
so an interrupted one resumes where it stopped.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncDriver

from hippograph.graph.cypher import execute
from hippograph.graph.errors import EmbeddingMismatchError
from hippograph.graph.model import EmbeddingRecord


@dataclass(frozen=True)
class ScopeEmbedding:
    """What a scope holds about its model: the record, the model of a re-embedding not yet
    finished, its EDUs and how many of them another model made."""

    record: EmbeddingRecord | None
    pending: str | None
    edus: int
    stale: int = 0


async def _run(driver: AsyncDriver, database: str, name: str, **values: Any) -> list[Any]:
    records = await execute(driver, database, name, values)
    return records


async def scope_embedding(
    driver: AsyncDriver, database: str, scope: str, model: str
) -> ScopeEmbedding:
    """The scope's record, and its EDU count with how many ``model`` did not embed."""
    (row,) = await _run(
        driver, database, "embedding/get_embedding_record", scope=scope, model=model
    )
    record = EmbeddingRecord(**row["record"]) if row["record"] else None
    return ScopeEmbedding(record, row["pending"], row["edus"], row["stale"])


async def record_embedding(
    driver: AsyncDriver, database: str, scope: str, record: EmbeddingRecord
) -> None:
    await _run(
        driver, database, "embedding/set_embedding_record", scope=scope, record=record.model_dump()
    )


async def mark_reembedding(driver: AsyncDriver, database: str, scope: str, model: str) -> None:
    await _run(driver, database, "embedding/set_reembedding_target", scope=scope, model=model)


def check_embedding(scope: str, stored: ScopeEmbedding, current: str) -> None:
    """Raise EmbeddingMismatchError unless the model named ``current`` may search and extend
    the scope: the one recorded, or any for a scope that holds no EDU yet."""
    fix = f"run `hippograph reembed --scope {scope}` to re-embed it with {current}"
    if stored.pending is not None:
        raise EmbeddingMismatchError(
            f"scope {scope} is being re-embedded with {stored.pending} (or that re-embedding "
            f"was interrupted); {fix} to finish it"
        )
    if stored.record is None:
        if stored.edus:
            raise EmbeddingMismatchError(
                f"scope {scope} holds {stored.edus} EDUs embedded before hippograph recorded "
                f"models; this process embeds with {current}: {fix}"
            )
        return
    if stored.record.name != current:
        raise EmbeddingMismatchError(
            f"scope {scope} was embedded with {stored.record.describe()}, but this process "
            f"embeds with {current}: {fix}, or set HIPPOGRAPH_EMBEDDING_MODEL="
            f"{stored.record.name} to use the model it was embedded with"
        )


@dataclass(frozen=True)
class StaleEdu:
    id: str
    key: str  # what an EDU is embedded as: its search key
    context: str | None


async def stale_edus(
    driver: AsyncDriver, database: str, scope: str, model: str, batch: int
) -> list[StaleEdu]:
    rows = await _run(
        driver, database, "embedding/list_stale_edus", scope=scope, model=model, batch=batch
    )
    return [StaleEdu(r["id"], r["key"], r["context"]) for r in rows]


async def stale_entities(
    driver: AsyncDriver, database: str, scope: str, model: str, batch: int
) -> list[tuple[str, str]]:
    rows = await _run(
        driver, database, "embedding/list_stale_entities", scope=scope, model=model, batch=batch
    )
    return [(r["id"], r["name"]) for r in rows]


async def set_edu_vectors(
    driver: AsyncDriver,
    database: str,
    scope: str,
    model: str,
    vectors: Sequence[tuple[str, Sequence[float], Sequence[float]]],
) -> None:
    """(id, vector, vector in context) per EDU, marked as ``model``'s."""
    edus = [{"id": i, "embedding": list(v), "context_embedding": list(c)} for i, v, c in vectors]
    await _run(driver, database, "embedding/set_edu_vectors", scope=scope, model=model, edus=edus)


async def set_entity_vectors(
    driver: AsyncDriver,
    database: str,
    scope: str,
    model: str,
    vectors: Sequence[tuple[str, Sequence[float]]],
) -> None:
    entities = [{"id": i, "embedding": list(v)} for i, v in vectors]
    await _run(
        driver, database, "embedding/set_entity_vectors", scope=scope, model=model,
        entities=entities,
    )  # fmt: skip
