"""Issue 41's measuring stick: statements given an attribute by meaning, candidate pairs whose
attributes agree, and a learned decision scored only on conversations it was not trained on."""

from spacy.language import Language

from hippograph.evaluation.change_pairs import (
    ATTRIBUTES,
    descriptions,
    labelled_pairs,
    leave_one_out,
    statements,
    trade_off,
)
from hippograph.evaluation.supersession import changed, load_set
from hippograph.ingest.embedding.local import LocalEmbeddings
from hippograph.ingest.extract.offline import OfflineExtractor


def test_a_move_is_a_candidate_and_the_decision_is_scored_held_out(
    nlp: Language, embeddings: LocalEmbeddings
) -> None:
    labelled = load_set()
    described = descriptions(embeddings)
    extractor = OfflineExtractor(nlp)
    found = [statements(c, extractor, embeddings, nlp, described) for c in labelled.conversations]
    first = found[0]
    names = list(ATTRIBUTES)
    lived = [s for s in first if s.edu.turn_ids[0] == "lis1" and "Lisbon" in s.edu.text]
    assert lived and names[lived[0].attribute] in {"residence", "neighbourhood"}
    folds = [labelled_pairs(f, changed(labelled)) for f in found]
    held = {(a.edu.turn_ids[0], b.edu.turn_ids[0]) for a, b in folds[0].pairs}
    assert ("lis1", "por1") in held  # the labelled change of residence is a candidate
    assert all(f.y.sum() > 0 for f in folds)
    scores = leave_one_out(folds, labelled)
    assert [s.conversation for s in scores] == [c.id for c in labelled.conversations]
    assert all(0.2 <= s.threshold <= 0.95 and s.right <= s.found for s in scores)
    curve = trade_off(folds, labelled, (0.1, 0.5, 0.9))
    assert [t.found for t in curve] == sorted((t.found for t in curve), reverse=True)
