"""Normalized entity keys: the same thing said differently gets the same key.

A key is case-folded, unicode-folded (accents dropped), lemmatized, with determiners,
possessive markers and punctuation removed: "the Support Groups" and "support group" share
"support group". Identifier-like strings (codes, numbers) are folded but never lemmatized,
so "SR-2023-052" and "SR-2023-053" stay apart.
"""

import re
import unicodedata
from collections.abc import Iterable

from spacy.tokens import Span, Token

_IDENTIFIER = re.compile(r"^(?=.*\d)[\w./#:-]+$")
_DROP_POS = {"DET", "PUNCT", "SPACE", "SYM", "CCONJ", "PART", "PRON"}
_POSSESSIVES = {"my", "your", "his", "her", "its", "our", "their", "'s", "’s", "'", "whose"}


def fold(text: str) -> str:
    """Case-fold and strip accents and other marks; keep letters, digits and inner spacing."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped).strip()


def is_identifier(text: str) -> bool:
    return bool(_IDENTIFIER.match(text.strip()))


def token_key(token: Token) -> str:
    if is_identifier(token.text):
        return fold(token.text)
    # Proper nouns keep their form ("Boston", not a lemma); others use the lemma ("kids" → "kid").
    word = token.text if token.pos_ == "PROPN" else token.lemma_
    if token.tag_ == "NNPS" and word.lower().endswith("s"):
        word = word[:-1]  # the lemmatizer leaves plural proper nouns alone: "Clubs" → "Club"
    return fold(re.sub(r"[^\w\s-]", "", word))


def keep(token: Token) -> bool:
    return token.pos_ not in _DROP_POS and token.lower_ not in _POSSESSIVES


def span_key(tokens: Span | Iterable[Token]) -> str:
    """The key of a span of parsed text; empty when nothing is left after normalization."""
    return " ".join(k for t in tokens if keep(t) and (k := token_key(t)))


def text_key(text: str) -> str:
    """The key of a name given as plain text (already one entity), without a parser.

    Used for speakers and for names an LLM returns; lemmatization needs the parser, so plain
    names only get folding, possessive and determiner stripping.
    """
    if is_identifier(text):
        return fold(text)
    words = re.findall(r"[\w-]+(?:'s)?", fold(text))
    kept = [w.removesuffix("'s") for w in words if w not in _POSSESSIVES | {"the", "a", "an"}]
    return " ".join(w for w in kept if w)
