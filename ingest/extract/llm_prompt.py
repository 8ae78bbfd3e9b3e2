"""The LLM extractor's prompt and the shape its answer must take.

The prompt is a pure function from a session to messages; the answer is validated against
:class:`SessionDraft`, so a model that drifts is caught before anything is stored.
"""

import datetime as dt
import json

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from hippograph.graph.model import EntityType, MentionRole, Session

SYSTEM = """You turn a conversation session into elementary discourse units (EDUs) for a \
long-term memory. Each EDU is one short, self-contained statement of fact, event, plan, \
opinion or preference that a reader understands without the conversation:
- name people: never "I", "you", "we", "he", "she" without the name they stand for;
- make dates absolute using the session date ("yesterday" said on 8 May 2023 -> 7 May 2023);
- if a reply only makes sense with the question before it, fold the question in \
("Nearly three years now!" after "How long have you been rowing?" -> "Olek has been \
rowing for nearly three years");
- skip pure greetings and thanks, but never skip a turn that states something;
- cite the ids of the turns each EDU comes from;
- list the entities each EDU mentions (people, places, organizations, events, works, \
products, identifiers, concepts) with their role (speaker, addressee, subject, object, mention).
Answer with JSON only, no prose, exactly of this shape:
{"edus": [{"text": str, "speakers": [str], "turn_ids": [str], "date": "YYYY-MM-DD" or null,
 "entities": [{"name": str, "type": str, "role": str}]}]}"""


class EntityDraft(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    type: EntityType = EntityType.CONCEPT
    role: MentionRole = MentionRole.MENTION


class EDUDraft(BaseModel):
    text: str = Field(min_length=1, max_length=2_000)
    speakers: list[str] = Field(min_length=1)
    turn_ids: list[str] = Field(min_length=1)
    date: dt.date | None = None
    entities: list[EntityDraft] = Field(default_factory=list)


class SessionDraft(BaseModel):
    edus: list[EDUDraft]


def build_messages(session: Session) -> list[BaseMessage]:
    when = session.started_at.strftime("%A %d %B %Y, %H:%M") if session.started_at else "unknown"
    turns = [
        {
            "id": t.id,
            "speaker": t.speaker,
            "role": t.role.value,
            "text": t.text,
            **({"shares_image": t.image_caption} if t.image_caption else {}),
        }
        for t in session.turns
    ]
    body = f"Session date: {when}\nTurns:\n{json.dumps(turns, ensure_ascii=False, indent=1)}"
    return [SystemMessage(SYSTEM), HumanMessage(body)]


def correction(problem: str) -> HumanMessage:
    """The message that asks the model to fix an answer that failed validation."""
    return HumanMessage(
        f"Your answer was not valid: {problem}\nAnswer again with JSON of the required shape only."
    )
