"""Words of user text, and the scope token of the fulltext indexes.

Recall's BM25 runs on each scope's own index (graph/recall/lexical.py); the fulltext indexes
remain for analysts in Neo4j Browser (``queries/analyst/``). A fulltext index cannot be filtered
on a property it does not hold, so EDUs and entities carry a ``scope_token``: their scope as one
all-digit Lucene term (a hash: scope ids may contain characters that the analyzer splits or
drops), which an analyst's query requires.
"""

import hashlib
import re

# A question never needs more words than this to be explained.
MAX_TERMS = 64
_WORD = re.compile(r"\w+")


def scope_token(scope: str) -> str:
    return str(int.from_bytes(hashlib.sha256(scope.encode()).digest()[:8], "big"))


def query_terms(text: str) -> list[str]:
    """The words of ``text``, lower-cased, deduplicated, in order (what an explanation says
    a question and an EDU share)."""
    return list(dict.fromkeys(w.lower() for w in _WORD.findall(text)))[:MAX_TERMS]
