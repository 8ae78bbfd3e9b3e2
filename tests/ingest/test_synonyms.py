"""Entity synonymy links near-synonyms only: with the default model, "pic" and "picture" are one
thing, "chair" and "table" are two (precision first: a wrong link merges two things in recall)."""

from hippograph.graph.model import EntityType
from hippograph.ingest.embedding.local import LocalEmbeddings
from hippograph.ingest.synonyms import similar_pairs

NAMES = ["pic", "picture", "chair", "table", "New York City", "NYC", "Ana's job", "Ana's dog"]


def test_near_synonyms_are_linked_and_neighbours_in_meaning_are_not(
    embeddings: LocalEmbeddings,
) -> None:
    vectors = embeddings.embed_documents(NAMES)
    new = {name: (vector, EntityType.CONCEPT) for name, vector in zip(NAMES, vectors, strict=True)}
    linked = {(p.a, p.b) for p in similar_pairs(new, {}, people={"ana"})}
    assert ("pic", "picture") in linked
    assert ("NYC", "New York City") in linked
    assert ("chair", "table") not in linked
    assert ("Ana's dog", "Ana's job") not in linked
