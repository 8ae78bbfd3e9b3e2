"""Optional LangChain integrations, made by langchain's own ``init_chat_model`` and
``init_embeddings`` from a provider name: one wrapper for both, with the same clear errors."""

from collections.abc import Callable
from typing import TypeVar

from hippograph.ingest.errors import ModelNotInstalledError

T = TypeVar("T")


def initialized(what: str, provider: str, make: Callable[[], T]) -> T:
    """``make()``, with langchain's errors for an unknown provider or an uninstalled package
    turned into one line that says what to do."""
    try:
        return make()
    except ImportError as error:
        # langchain's message names the package: "… install it with `pip install langchain-x`".
        raise ModelNotInstalledError(
            f"the {provider} {what} provider is not installed: {str(error).splitlines()[0]}"
        ) from error
    except ValueError as error:
        if "provider" not in str(error).lower():
            raise
        said = " ".join(line.strip() for line in str(error).splitlines() if line.strip())
        raise ModelNotInstalledError(f"unknown {what} provider {provider!r}: {said}") from error
