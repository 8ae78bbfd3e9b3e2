"""The GraphQL operations the client sends, and how each answer becomes a typed value.

Each operation is a document, its variables and the one root field it reads; the answer's
union member is the value or an error (client/errors.py). Shared by the sync and the async
client, which differ only in how they send.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from hippograph.client.errors import ERRORS, ApiAnswerError, TransportError
from hippograph.client.models import (
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
    Turn,
    TurnIn,
    TurnsAppended,
)

_ERROR_FIELDS = """
    ... on Error { message }
    ... on ValidationError { field }
    ... on ForbiddenError { scope }
    ... on LimitExceededError { limit }
"""
_TURN = "id sourceId speaker text imageCaption position"
_SESSION = "id conversation sourceId startedAt turnCount eduCount"
_SCENE = "id level size sessions start end topEntities summary parentId"
_JOB = f"""
    ... on Job {{ id scope kind state total done turns edus error export
                 outcomes {{ sessionId status turns edus errorCode error }} }}
    {_ERROR_FIELDS}
"""


T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
# The first wait before an idempotent operation is sent again; each next wait is twice as long.
RETRY_FIRST_WAIT_S = 0.5


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One request. ``idempotent``: sending it twice does what sending it once does, so a
    client may send it again when the first answer was lost (a transient TransportError)."""

    document: str
    variables: dict[str, Any]
    field: str
    parse: Callable[[dict[str, Any]], T]
    idempotent: bool = False

    def waits(self, retries: int) -> list[float]:
        """The pauses before each new try after a transient failure: ``retries`` of them,
        0.5 s, 1 s, 2 s, …, when the operation is idempotent; else none."""
        return [RETRY_FIRST_WAIT_S * 2**n for n in range(retries)] if self.idempotent else []

    def body(self) -> dict[str, Any]:
        return {"query": self.document, "variables": self.variables}

    def result(self, answer: Any) -> T:
        """The value of a GraphQL answer's JSON, or the typed error it carries."""
        if not isinstance(answer, dict):
            raise TransportError(f"not a GraphQL answer: {answer!r:.200}")
        if answer.get("errors"):
            raise TransportError("; ".join(e.get("message", "?") for e in answer["errors"]))
        value = (answer.get("data") or {}).get(self.field)
        if not isinstance(value, dict):
            raise TransportError(f"the answer holds no {self.field}")
        kind = value.get("__typename", "")
        if kind in ERRORS or kind.endswith("Error"):
            details = {k: v for k, v in value.items() if k not in ("__typename", "message")}
            raise ERRORS.get(kind, ApiAnswerError)(str(value.get("message", kind)), details)
        return self.parse(value)


def recall(
    scope: str,
    question: str,
    k: int,
    mode: RecallMode,
    filters: dict[str, Any] | None,
    as_of: dt.date | None = None,
) -> Operation[Recall]:
    document = f"""
query Recall($scope: String!, $query: String!, $k: Int!, $mode: RecallMode!,
             $filters: RecallFiltersInput, $asOf: Date) {{
  recall(scope: $scope, query: $query, k: $k, mode: $mode, filters: $filters, asOf: $asOf) {{
    __typename
    ... on Recall {{
      scope question resolved mode entityKeys
      hits {{
        rank score
        edu {{ id text speakers sessionId sessionDate
               date {{ start end granularity expression }}
               turns {{ {_TURN} }} scene {{ id level summary }}
               validFrom validTo supersededBy {{ id text at how attribute }} }}
        explanation {{ mode denseRank lexicalRank activationRank matchedTerms summary }}
      }}
    }}
    {_ERROR_FIELDS}
  }}
}}"""

    def parse(value: dict[str, Any]) -> Recall:
        memories = [Memory.model_validate({**hit.pop("edu"), **hit}) for hit in value.pop("hits")]
        return Recall.model_validate({**value, "memories": memories})

    variables = {"scope": scope, "query": question, "k": k, "mode": mode.value}
    day = as_of.isoformat() if as_of else None
    return Operation(document, {**variables, "filters": filters, "asOf": day}, "recall", parse)


def history(
    scope: str, entity: str, attribute: str | None, limit: int
) -> Operation[list[HeldValue]]:
    document = f"""
query History($scope: String!, $entity: String!, $attribute: String, $limit: Int!) {{
  history(scope: $scope, entity: $entity, attribute: $attribute, limit: $limit) {{
    __typename
    ... on History {{
      entries {{ eduId text sessionId sessionDate attribute value ended validFrom validTo
                 supersededBy how }}
    }}
    {_ERROR_FIELDS}
  }}
}}"""

    def parse(value: dict[str, Any]) -> list[HeldValue]:
        return [HeldValue.model_validate(entry) for entry in value["entries"]]

    variables = {"scope": scope, "entity": entity, "attribute": attribute, "limit": limit}
    return Operation(document, variables, "history", parse)


def ingest_session(
    scope: str, session: SessionIn, on_conflict: OnConflict
) -> Operation[SessionOutcome]:
    document = f"""
mutation IngestSession($scope: String!, $session: SessionInput!, $onConflict: OnConflict!) {{
  ingestSession(scope: $scope, session: $session, onConflict: $onConflict) {{
    __typename
    ... on SessionOutcome {{ sessionId status turns edus errorCode error }}
    {_ERROR_FIELDS}
  }}
}}"""
    variables = {"scope": scope, "session": session.as_input(), "onConflict": on_conflict.name}
    return Operation(document, variables, "ingestSession", SessionOutcome.model_validate)


def stored_session_id(session_id: str, conversation: str) -> str:
    """``<conversation>/<session_id>``; a stored id (ids never hold ``/``) is taken as it is."""
    return session_id if "/" in session_id else f"{conversation}/{session_id}"


def append_turns(
    scope: str,
    session: str,
    turns: Sequence[TurnIn | dict[str, Any]],
    conversation: str,
    started_at: dt.datetime | None,
) -> Operation[TurnsAppended]:
    """Append ``turns`` to a session. Every turn without an id gets a new one here, once, so
    every try of the operation sends the same ids: it is idempotent, since a turn id the
    session holds with the same content is not stored again."""
    identified = [
        (t if isinstance(t, TurnIn) else TurnIn.model_validate(t)).identified() for t in turns
    ]
    document = f"""
mutation AppendTurns($scope: String!, $session: String!, $turns: [TurnInput!]!,
                     $conversation: String, $startedAt: DateTime) {{
  appendTurns(scope: $scope, session: $session, turns: $turns, conversation: $conversation,
              startedAt: $startedAt) {{
    __typename
    ... on TurnsAppended {{
      sessionId created startedAt turnCount stored edus superseded
      turns {{ id sourceId position new }}
    }}
    {_ERROR_FIELDS}
  }}
}}"""
    variables = {
        "scope": scope,
        "session": session,
        "turns": [t.as_input() for t in identified],
        "conversation": conversation,
        "startedAt": started_at.isoformat() if started_at else None,
    }
    return Operation(
        document, variables, "appendTurns", TurnsAppended.model_validate, idempotent=True
    )


def session(scope: str, session_id: str, conversation: str) -> Operation[Session]:
    """One session by its id in ``conversation`` (or its stored id)."""
    document = f"""
query Session($scope: String!, $id: ID!) {{
  session(scope: $scope, id: $id) {{ __typename ... on Session {{ {_SESSION} }} {_ERROR_FIELDS} }}
}}"""
    variables = {"scope": scope, "id": stored_session_id(session_id, conversation)}
    return Operation(document, variables, "session", Session.model_validate)


def session_turns(
    scope: str, session_id: str, conversation: str, first: int, after: str | None
) -> Operation[Page[Turn]]:
    """One page of a session's turns in order, with their roles and times."""
    document = f"""
query SessionTurns($scope: String!, $id: ID!, $first: Int!, $after: String) {{
  session(scope: $scope, id: $id) {{
    __typename
    ... on Session {{
      turns(first: $first, after: $after) {{
        nodes {{ {_TURN} role timestamp }} pageInfo {{ hasNextPage endCursor }}
      }}
    }}
    {_ERROR_FIELDS}
  }}
}}"""
    page = _page(Turn)
    stored = stored_session_id(session_id, conversation)
    variables = {"scope": scope, "id": stored, "first": first, "after": after}
    return Operation(document, variables, "session", lambda value: page(value["turns"]))


def ingest_sessions(
    scope: str, sessions: Sequence[SessionIn], on_conflict: OnConflict
) -> Operation[Job]:
    document = f"""
mutation IngestSessions($scope: String!, $sessions: [SessionInput!]!, $onConflict: OnConflict!) {{
  ingestSessions(scope: $scope, sessions: $sessions, onConflict: $onConflict) {{
    __typename {_JOB}
  }}
}}"""
    variables = {
        "scope": scope,
        "sessions": [s.as_input() for s in sessions],
        "onConflict": on_conflict.name,
    }
    return Operation(document, variables, "ingestSessions", Job.model_validate)


def export_scope(scope: str) -> Operation[Job]:
    document = f"""
mutation ExportScope($scope: String!) {{ exportScope(scope: $scope) {{ __typename {_JOB} }} }}"""
    return Operation(document, {"scope": scope}, "exportScope", Job.model_validate)


def reembed_scope(scope: str) -> Operation[Job]:
    document = f"""
mutation ReembedScope($scope: String!) {{ reembedScope(scope: $scope) {{ __typename {_JOB} }} }}"""
    return Operation(document, {"scope": scope}, "reembedScope", Job.model_validate)


def job(job_id: str) -> Operation[Job]:
    document = f"query Job($id: ID!) {{ job(id: $id) {{ __typename {_JOB} }} }}"
    return Operation(document, {"id": job_id}, "job", Job.model_validate)


def _page(model: type[M]) -> Callable[[dict[str, Any]], Page[M]]:
    def parse(value: dict[str, Any]) -> Page[M]:
        info = value["pageInfo"]
        items = [model.model_validate(n) for n in value["nodes"]]
        return Page[M](items=items, next_cursor=info["endCursor"] if info["hasNextPage"] else None)

    return parse


# The types of the variables that listings take.
_VARIABLE_TYPES = {"scope": "String!", "level": "Int", "first": "Int!", "after": "String"}


def _listing(
    field: str, connection: str, nodes: str, model: type[M], **variables: Any
) -> Operation[Page[M]]:
    """A paged root field: one page of ``connection``'s nodes and the cursor after it."""
    declared = ", ".join(f"${name}: {_VARIABLE_TYPES[name]}" for name in variables)
    passed = ", ".join(f"{name}: ${name}" for name in variables)
    document = f"""
query {field.capitalize()}({declared}) {{
  {field}({passed}) {{
    __typename
    ... on {connection} {{ nodes {{ {nodes} }} pageInfo {{ hasNextPage endCursor }} }}
    {_ERROR_FIELDS}
  }}
}}"""
    return Operation(document, variables, field, _page(model))


def scopes(first: int, after: str | None) -> Operation[Page[Scope]]:
    return _listing("scopes", "ScopeConnection", "id sessionCount", Scope, first=first, after=after)


def sessions(scope: str, first: int, after: str | None) -> Operation[Page[Session]]:
    return _listing(
        "sessions", "SessionConnection", _SESSION, Session, scope=scope, first=first, after=after
    )


def entities(scope: str, first: int, after: str | None) -> Operation[Page[Entity]]:
    nodes = "id name type aliases sessionCount eduCount"
    return _listing(
        "entities", "EntityConnection", nodes, Entity, scope=scope, first=first, after=after
    )


def scenes(scope: str, level: int | None, first: int, after: str | None) -> Operation[Page[Scene]]:
    return _listing(
        "scenes",
        "SceneConnection",
        _SCENE,
        Scene,
        scope=scope,
        level=level,
        first=first,
        after=after,
    )


def persona(scope: str, speaker: str) -> Operation[Persona]:
    document = f"""
query Persona($scope: String!, $speaker: String!) {{
  persona(scope: $scope, speaker: $speaker) {{
    __typename
    ... on Persona {{
      id name statements sessions themes summary facts scenes {{ {_SCENE} }}
    }}
    {_ERROR_FIELDS}
  }}
}}"""
    variables = {"scope": scope, "speaker": speaker}
    return Operation(document, variables, "persona", Persona.model_validate)


def build_scenes(scope: str) -> Operation[ScenesBuilt]:
    document = f"""
mutation BuildScenes($scope: String!) {{
  buildScenes(scope: $scope) {{
    __typename
    ... on ScenesBuilt {{ scope scenes personas seconds }}
    {_ERROR_FIELDS}
  }}
}}"""
    return Operation(document, {"scope": scope}, "buildScenes", ScenesBuilt.model_validate)


def delete(scope: str, session_id: str | None) -> Operation[bool]:
    error_fields = _ERROR_FIELDS
    if session_id is None:
        document = f"""
mutation DeleteScope($scope: String!) {{
  deleteScope(scope: $scope) {{ __typename ... on Deleted {{ scope }} {error_fields} }}
}}"""
        return Operation(document, {"scope": scope}, "deleteScope", lambda _: True)
    document = f"""
mutation DeleteSession($scope: String!, $id: ID!) {{
  deleteSession(scope: $scope, id: $id) {{ __typename ... on Deleted {{ scope }} {error_fields} }}
}}"""
    return Operation(document, {"scope": scope, "id": session_id}, "deleteSession", lambda _: True)
