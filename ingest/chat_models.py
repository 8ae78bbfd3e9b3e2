"""Choosing a LangChain chat model by provider and model name (for the LLM extractor).

Providers are optional packages: ``pip install langchain-openai`` (or -anthropic, -ollama, …)
to use one. None is reachable from a machine without network access; the offline extractor
is the default.
"""

import importlib

from langchain_core.language_models import BaseChatModel

from ingest.errors import ModelNotInstalledError

PROVIDERS = {
    "openai": ("langchain_openai", "ChatOpenAI"),
    "anthropic": ("langchain_anthropic", "ChatAnthropic"),
    "ollama": ("langchain_ollama", "ChatOllama"),
    "google": ("langchain_google_genai", "ChatGoogleGenerativeAI"),
    "mistralai": ("langchain_mistralai", "ChatMistralAI"),
}


def chat_model(provider: str, model: str) -> BaseChatModel:
    """An instance of ``provider``'s chat model class for ``model`` (temperature 0)."""
    if provider not in PROVIDERS:
        raise ModelNotInstalledError(
            f"unknown LLM provider {provider!r}; choose one of {', '.join(sorted(PROVIDERS))}"
        )
    module_name, class_name = PROVIDERS[provider]
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        package = module_name.replace("_", "-")
        raise ModelNotInstalledError(
            f"the {provider} provider needs `pip install {package}`"
        ) from error
    model_class = getattr(module, class_name)
    chat: BaseChatModel = model_class(model=model, temperature=0)
    return chat
