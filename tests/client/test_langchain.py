"""hippograph as LangChain's retriever and chat history, in a small agent loop against the real
server. The chat model is LangChain's own FakeListChatModel (no hosted LLM is reachable here),
as every test name says; the retriever, the history and the server are real."""

import asyncio
import datetime as dt

from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import HumanMessage
from langchain_core.prompt_values import PromptValue
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder

from hippograph.client import AsyncHippographClient, HippographClient
from hippograph.client.langchain import HippographChatMessageHistory, HippographRetriever
from tests.api_server import Api

PROMPT = ChatPromptTemplate.from_messages(
    [
        ("system", "What you remember of the user:\n{memories}"),
        MessagesPlaceholder("history"),
        ("human", "{question}"),
    ]
)


def test_an_agent_on_a_fake_chat_model_remembers_what_an_earlier_session_said(api: Api) -> None:
    scope, key = api.own_scope("agent")
    client = HippographClient(api.url, key)
    retriever = HippographRetriever(client=client, scope=scope, k=3)
    history = HippographChatMessageHistory(
        client, scope, "monday", conversation="chat", user="Maya", every=4,
        started_at=dt.datetime(2025, 3, 3, 9, 0),
    )  # fmt: skip
    model = FakeListChatModel(responses=["Noted!", "Have a good trip.", "Pepper, your beagle."])
    prompts: list[PromptValue] = []

    def turn(question: str) -> str:
        memories = retriever.invoke(question)
        prompt = PROMPT.invoke(
            {
                "memories": "\n".join(m.page_content for m in memories),
                "history": history.messages,
                "question": question,
            }
        )
        prompts.append(prompt)
        answer = model.invoke(prompt)
        history.add_messages([HumanMessage(question), answer])
        return str(answer.content)

    turn("My beagle Pepper is coming on the cycling trip to Girona.")
    turn("We leave for Girona by train on Friday.")  # the fourth message: the session is stored
    history.end_session("tuesday", started_at=dt.datetime(2025, 3, 4, 9, 0))
    assert history.messages == []
    assert turn("Which dog is coming on my trip to Girona?") == "Pepper, your beagle."

    # The last prompt the model saw carried the first session's memory.
    assert "Pepper" in prompts[-1].to_string()
    best = retriever.invoke("Which dog is coming to Girona?")[0]
    assert "Pepper" in best.page_content
    assert best.metadata["session_id"] == "chat/monday" and best.metadata["turn_ids"]
    assert best.metadata["turns"][0]["speaker"] == "Maya"
    assert "Pepper" in best.metadata["turns"][0]["text"]
    assert best.metadata["session_date"].startswith("2025-03-03")
    assert best.metadata["explanation"]
    # Sending the same session again stored nothing twice.
    sessions = client.sessions(scope).items
    assert [(s.id, s.turn_count) for s in sessions] == [("chat/monday", 4)]

    history.end_session()  # the Tuesday session is stored too
    assert [s.id for s in client.sessions(scope).items] == ["chat/monday", "chat/tuesday"]
    client.close()


def test_the_retriever_answers_async_with_an_async_client_for_a_fake_chat_model_agent(
    api: Api,
) -> None:
    scope, key = api.own_scope("agent-async")
    with HippographClient(api.url, key) as client:
        history = HippographChatMessageHistory(client, scope, "s1", user="Maya", every=1)
        history.add_messages([HumanMessage("I keep my kayak at Lake Bled.")])

    async def ask() -> list[str]:
        async with AsyncHippographClient(api.url, key) as async_client:
            retriever = HippographRetriever(
                client=HippographClient(api.url, key), async_client=async_client, scope=scope
            )
            found = await retriever.ainvoke("Where is the kayak kept?")
        return [d.page_content for d in found]

    assert any("Lake Bled" in text for text in asyncio.run(ask()))
