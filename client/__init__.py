"""hippograph's Python client: typed calls over the GraphQL API, sync and async (httpx).

    from hippograph.client import HippographClient

    with HippographClient("http://127.0.0.1:8000", api_key="hg_…") as memory:
        memory.ingest("alice", [{"id": "s1", "turns": [{"speaker": "Alice", "text": "…"}]}])
        for m in memory.recall("alice", "Where did Alice go?").memories:
            print(m.rank, m.text, [t.source_id for t in m.turns])

It imports nothing else of hippograph's: an agent needs only this package and httpx.
"""

from hippograph.client.errors import (
    ApiAnswerError,
    ApiConflictError,
    ApiEmbeddingMismatchError,
    ApiForbiddenError,
    ApiLimitExceededError,
    ApiNotFoundError,
    ApiValidationError,
    AuthenticationError,
    HippographClientError,
    JobFailedError,
    TransportError,
)
from hippograph.client.http import AsyncHippographClient, HippographClient
from hippograph.client.models import (
    AppendedTurn,
    Entity,
    HeldValue,
    Job,
    Memory,
    OnConflict,
    Page,
    Persona,
    Recall,
    RecallMode,
    Scene,
    ScenesBuilt,
    Scope,
    Session,
    SessionIn,
    SessionOutcome,
    Supersession,
    Turn,
    TurnIn,
    TurnsAppended,
)

__all__ = [
    "ApiAnswerError",
    "ApiConflictError",
    "ApiEmbeddingMismatchError",
    "ApiForbiddenError",
    "ApiLimitExceededError",
    "ApiNotFoundError",
    "ApiValidationError",
    "AppendedTurn",
    "AsyncHippographClient",
    "AuthenticationError",
    "Entity",
    "HeldValue",
    "HippographClient",
    "HippographClientError",
    "Job",
    "JobFailedError",
    "Memory",
    "OnConflict",
    "Page",
    "Persona",
    "Recall",
    "RecallMode",
    "Scene",
    "ScenesBuilt",
    "Scope",
    "Session",
    "SessionIn",
    "SessionOutcome",
    "Supersession",
    "TransportError",
    "Turn",
    "TurnIn",
    "TurnsAppended",
]
