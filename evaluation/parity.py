"""Turn by turn against whole: the EDUs of a conversation appended one turn at a time compared
with those of the same conversation ingested whole (issue 40: at least 95 % identical).

An appended turn is read in the context of its session's last stored turns, while whole
ingest reads every turn with the whole session in view; where the offline extractor looks
ahead (whom the first turn of a session addresses) the two may word an EDU differently.
"""

from collections import Counter
from dataclasses import dataclass

from neo4j import AsyncDriver

from hippograph.graph.store import edu_texts


@dataclass(frozen=True)
class Parity:
    """How many of the whole ingest's EDUs the appends stored with the same text (per turn),
    and the ones that differ: (turn, text) stored only one way."""

    whole: int
    same: int
    whole_only: list[tuple[str, str]]
    appended_only: list[tuple[str, str]]

    @property
    def share(self) -> float:
        return self.same / self.whole if self.whole else 1.0


async def edu_parity(driver: AsyncDriver, database: str, whole: str, appended: str) -> Parity:
    """Compare scope ``appended`` (turn by turn) with scope ``whole`` (the same conversation
    ingested whole), EDU by EDU as (first turn, text) pairs."""
    a = Counter(await edu_texts(driver, database, whole))
    b = Counter(await edu_texts(driver, database, appended))
    return Parity(
        whole=sum(a.values()),
        same=sum((a & b).values()),
        whole_only=sorted((a - b).elements()),
        appended_only=sorted((b - a).elements()),
    )
