"""Lucene queries for the fulltext indexes, built so that no user text can change their meaning.

A fulltext index cannot be filtered on a property it does not hold, so EDUs and entities carry
a ``scope_token``: their scope as one all-digit Lucene term (a hash: scope ids may contain
characters that the analyzer splits or drops). Every query requires that term.
"""

import hashlib
import re
from collections.abc import Mapping

# Lucene refuses queries of more than 1,024 clauses; a question never needs more than this.
MAX_TERMS = 64
_WORD = re.compile(r"\w+")


def scope_token(scope: str) -> str:
    return str(int.from_bytes(hashlib.sha256(scope.encode()).digest()[:8], "big"))


def query_terms(text: str) -> list[str]:
    """The words of ``text``, lower-cased, deduplicated, in order.

    Only word characters survive, so Lucene syntax (quotes, brackets, wildcards, field
    prefixes) in user text is never interpreted; lower case keeps words like AND and NOT
    from being read as operators.
    """
    return list(dict.fromkeys(w.lower() for w in _WORD.findall(text)))[:MAX_TERMS]


def lucene_query(fields: Mapping[str, float], text: str, scope: str) -> str | None:
    """A query for ``text`` in any of ``fields`` (name → boost) of one scope's nodes; None
    when ``text`` has no words."""
    terms = " ".join(query_terms(text))
    if not terms:
        return None
    clauses = " ".join(
        f"{field}:({terms})" + ("" if boost == 1 else f"^{boost:g}")
        for field, boost in fields.items()
    )
    return f"+scope_token:{scope_token(scope)} +({clauses})"
