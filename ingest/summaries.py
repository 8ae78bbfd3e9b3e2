"""Scene and persona summaries written by a chat model, replacing the extractive ones.

The model sees only what the extractive pass chose (top entities, time span, central
statements, stated facts), so its summary can be checked against the graph; it is asked for
two or three plain sentences. An answer that is empty or too long keeps the extractive text.
"""

from collections.abc import Sequence
from typing import Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from neo4j import AsyncDriver

from hippograph.graph.gds.scenes import list_personas, list_scenes, set_summaries
from hippograph.graph.model import Persona, Scene, SummaryWrite

MAX_SUMMARY_CHARS = 800
SYSTEM = (
    "You summarize long-term memory of conversations. Write two or three plain sentences, "
    "in the third person, using only the facts given. No lists, no preamble."
)


def scene_messages(scene: Scene) -> list[BaseMessage]:
    span = f"{scene.start} to {scene.end}" if scene.start else "unknown dates"
    return [
        SystemMessage(SYSTEM),
        HumanMessage(
            f"A scene of {scene.size} statements over {scene.sessions} sessions ({span}).\n"
            f"Main entities: {', '.join(scene.top_entities) or 'none'}.\n"
            f"Most central statements: {scene.summary}\n"
            "Summarize what this scene is about."
        ),
    ]


def persona_messages(persona: Persona) -> list[BaseMessage]:
    facts = "\n".join(f"- {fact}" for fact in persona.facts) or "- none recorded"
    return [
        SystemMessage(SYSTEM),
        HumanMessage(
            f"{persona.name} made {persona.statements} statements in {persona.sessions} "
            f"sessions and talks most about {', '.join(persona.themes) or 'various things'}.\n"
            f"Facts and preferences they stated:\n{facts}\n"
            f"Describe {persona.name} as a person."
        ),
    ]


def _text(message: BaseMessage) -> str | None:
    text = message.content if isinstance(message.content, str) else ""
    text = " ".join(text.split())
    return text if 0 < len(text) <= MAX_SUMMARY_CHARS else None


class Summarizer:
    def __init__(self, chat: BaseChatModel, model_name: str) -> None:
        self.chat = chat
        self.model_name = model_name

    async def rewrite_scope(self, driver: AsyncDriver, database: str, scope: str) -> int:
        """Summarize every scene and persona of ``scope`` (after a scene build)."""
        scenes = await list_scenes(driver, database, scope, limit=10_000)
        personas = await list_personas(driver, database, scope)
        return await self.rewrite(driver, database, scope, scenes, personas)

    async def rewrite(
        self,
        driver: AsyncDriver,
        database: str,
        scope: str,
        scenes: Sequence[Scene],
        personas: Sequence[Persona],
    ) -> int:
        """Summarize each scene and persona with the model; returns how many were replaced."""
        rows = []
        jobs: list[tuple[Literal["scene", "persona"], str, list[BaseMessage]]] = [
            *(("scene", s.id, scene_messages(s)) for s in scenes),
            *(("persona", p.id, persona_messages(p)) for p in personas),
        ]
        for kind, item_id, messages in jobs:
            text = _text(await self.chat.ainvoke(messages))
            if text:
                rows.append(
                    SummaryWrite(kind=kind, id=item_id, summary=text, model=self.model_name)
                )
        return await set_summaries(driver, database, scope, rows)
