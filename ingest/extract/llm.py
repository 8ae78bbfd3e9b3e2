"""EDUs written by a chat model (any LangChain ``BaseChatModel``), checked like offline ones.

Invalid or partial output is sent back with the problem for another try; after the last
try the session falls back to the offline extractor with a warning, so no session is lost.
"""

import json
import re

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from pydantic import ValidationError
from spacy.language import Language

from hippograph.graph.model import (
    EDU,
    Act,
    EntityType,
    EventDate,
    Granularity,
    Mention,
    MentionRole,
    Scope,
    Session,
)
from hippograph.ingest.extract.extractor import Extraction, Extractor
from hippograph.ingest.extract.llm_prompt import SessionDraft, build_messages, correction
from hippograph.ingest.text.entity_keys import span_key, text_key

_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)


class DraftError(ValueError):
    """The model's answer does not describe valid EDUs for this session."""


def _parse(message: BaseMessage, session: Session) -> SessionDraft:
    content = message.content if isinstance(message.content, str) else json.dumps(message.content)
    try:
        draft = SessionDraft.model_validate_json(_FENCE.sub("", content.strip()))
    except ValidationError as error:
        raise DraftError(
            f"it does not match the schema ({error.error_count()} errors: "
            f"{error.errors()[0]['msg']} at {error.errors()[0]['loc']})"
        ) from error
    turn_ids = {t.id for t in session.turns}
    speakers = set(session.speakers)
    for number, edu in enumerate(draft.edus):
        unknown_turns = set(edu.turn_ids) - turn_ids
        if unknown_turns:
            raise DraftError(f"EDU {number} cites turns that do not exist: {sorted(unknown_turns)}")
        unknown_speakers = set(edu.speakers) - speakers
        if unknown_speakers:
            raise DraftError(f"EDU {number} names unknown speakers: {sorted(unknown_speakers)}")
    if session.turns and not draft.edus:
        raise DraftError("it has no EDUs for a session with turns")
    return draft


class LLMExtractor:
    """``chat_model`` writes the EDUs; ``fallback`` (offline) takes over when it cannot."""

    name = "llm"

    def __init__(
        self,
        chat_model: BaseChatModel,
        nlp: Language,
        fallback: Extractor,
        model_name: str,
        max_attempts: int = 2,
    ) -> None:
        self.chat_model = chat_model
        self.nlp = nlp
        self.fallback = fallback
        self.version = f"1:{model_name}"
        self.max_attempts = max_attempts

    def extract(self, scope: Scope, session: Session) -> Extraction:
        messages = build_messages(session)
        problems = []
        for _ in range(self.max_attempts):
            answer = self.chat_model.invoke(messages)
            try:
                draft = _parse(answer, session)
            except DraftError as problem:
                problems.append(str(problem))
                messages = [*messages, AIMessage(str(answer.content)), correction(str(problem))]
                continue
            return Extraction(session_id=session.id, edus=self._edus(scope, session, draft))
        fallen = self.fallback.extract(scope, session)
        warning = (
            f"session {session.id}: the chat model gave no valid EDUs in "
            f"{self.max_attempts} tries ({problems[-1]}); used the {self.fallback.name} "
            "extractor instead"
        )
        return Extraction(
            session_id=session.id,
            edus=fallen.edus,
            dropped_turn_ids=fallen.dropped_turn_ids,
            warnings=[*fallen.warnings, warning],
        )

    def _edus(self, scope: Scope, session: Session, draft: SessionDraft) -> list[EDU]:
        names = [e.name for edu in draft.edus for e in edu.entities]
        keys = {
            name: span_key(doc) or text_key(name)
            for name, doc in zip(names, self.nlp.pipe(names), strict=True)
        }
        edus = {}
        for item in draft.edus:
            mentions = {
                text_key(s): Mention(
                    key=text_key(s), name=s, type=EntityType.PERSON, role=MentionRole.SPEAKER
                )
                for s in item.speakers
            }
            for entity in item.entities:
                if keys[entity.name]:
                    mentions[keys[entity.name]] = Mention(
                        key=keys[entity.name], name=entity.name, type=entity.type, role=entity.role
                    )
            event = (
                EventDate(
                    start=item.date,
                    end=item.date,
                    granularity=Granularity.DAY,
                    expression=item.date.isoformat(),
                )
                if item.date
                else None
            )
            edu = EDU(
                id=EDU.make_id(scope.id, session.id, item.text),
                scope=scope.id,
                session_id=session.id,
                text=item.text,
                speakers=tuple(item.speakers),
                turn_ids=tuple(dict.fromkeys(item.turn_ids)),
                session_date=session.started_at,
                date=event,
                mentions=tuple(mentions.values()),
                act=Act.QUESTION if item.text.rstrip().endswith("?") else Act.STATEMENT,
                extractor=self.name,
                extractor_version=self.version,
            )
            edus[edu.id] = edu
        return list(edus.values())
