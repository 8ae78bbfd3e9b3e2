"""Choosing a LangChain chat model by provider and model name (for the LLM extractor), with
langchain's own ``init_chat_model``.

Providers are optional packages: ``pip install langchain-openai`` (or -anthropic, -ollama, …)
to use one. None is reachable from a machine without network access; the offline extractor
is the default.
"""

from langchain_core.language_models import BaseChatModel

from hippograph.ingest.providers import initialized


def chat_model(provider: str, model: str) -> BaseChatModel:
    """``provider``'s chat model ``model`` (temperature 0)."""
    # On use: langchain's model registry takes 0.3 s to import, and most runs are offline.
    from langchain.chat_models import init_chat_model

    return initialized(
        "LLM", provider, lambda: init_chat_model(model, model_provider=provider, temperature=0)
    )
