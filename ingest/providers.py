"""Optional LangChain integrations, found by provider name: one lookup for chat models and
embeddings alike, with the same clear errors."""

import importlib
from collections.abc import Mapping

from hippograph.ingest.errors import ModelNotInstalledError


def provider_class(
    what: str, providers: Mapping[str, tuple[str, str]], provider: str, also: tuple[str, ...] = ()
) -> type:
    """The class ``providers[provider]`` names, imported from its optional package."""
    if provider not in providers:
        choices = ", ".join(sorted([*providers, *also]))
        raise ModelNotInstalledError(
            f"unknown {what} provider {provider!r}; choose one of {choices}"
        )
    module_name, class_name = providers[provider]
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        package = module_name.replace("_", "-")
        raise ModelNotInstalledError(
            f"the {provider} provider needs `pip install {package}`"
        ) from error
    found: type = getattr(module, class_name)
    return found
