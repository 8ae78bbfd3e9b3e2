"""Choosing a LangChain chat model by provider and model name (for the LLM extractor).

Providers are optional packages: ``pip install langchain-openai`` (or -anthropic, -ollama, …)
to use one. None is reachable from a machine without network access; the offline extractor
is the default.
"""

from langchain_core.language_models import BaseChatModel

from hippograph.ingest.providers import provider_class

PROVIDERS = {
    "openai": ("langchain_openai", "ChatOpenAI"),
    "anthropic": ("langchain_anthropic", "ChatAnthropic"),
    "ollama": ("langchain_ollama", "ChatOllama"),
    "google": ("langchain_google_genai", "ChatGoogleGenerativeAI"),
    "mistralai": ("langchain_mistralai", "ChatMistralAI"),
}


def chat_model(provider: str, model: str) -> BaseChatModel:
    """An instance of ``provider``'s chat model class for ``model`` (temperature 0)."""
    chat: BaseChatModel = provider_class("LLM", PROVIDERS, provider)(model=model, temperature=0)
    return chat
