"""The default extractor: spaCy, rules and the session date; no network, no LLM.

Per turn: sentences, then clauses; pleasantries dropped; first/second person replaced by
names, and he/she by the one other person named just before; relative dates resolved against
the session date; a reply that cannot stand alone ("Nearly three years!") carries the question it
answers; an image becomes "X shared a photo of …".
A turn is only left without an EDU when all it says is pleasantries.
"""

import re
from bisect import bisect_right
from collections import OrderedDict

from spacy.language import Language
from spacy.tokens import Doc, Span

from hippograph.graph.model import (
    EDU,
    Act,
    EntityType,
    Frame,
    Mention,
    MentionRole,
    Scope,
    Session,
    Turn,
)
from hippograph.ingest.extract.decontextualize import Rewrite, clauses, is_pleasantry, rewrite
from hippograph.ingest.extract.extractor import Extraction
from hippograph.ingest.extract.mentions import DocSpans, clause_mentions
from hippograph.ingest.nlp import load_spacy
from hippograph.ingest.supersession.frames import frame_of
from hippograph.ingest.text.dates import absolute_date, rewrite_dates
from hippograph.ingest.text.entity_keys import text_key

_ANSWER_OPENERS = {
    "yes",
    "yeah",
    "yep",
    "no",
    "nope",
    "sure",
    "definitely",
    "absolutely",
    "maybe",
    "probably",
    "not",
    "nah",
    "totally",
    "exactly",
    "only",
    "about",
    "around",
}
_PHOTO_PREFIX = re.compile(r"^(?:a|an)\s+(?:photo|picture|image|close up|closeup)\s+of\s+", re.I)


def _addressee(session: Session, index: int) -> str | None:
    speaker = session.turns[index].speaker
    for step in (-1, 1):
        j = index + step
        while 0 <= j < len(session.turns):
            if session.turns[j].speaker != speaker:
                return session.turns[j].speaker
            j += step
    return None


def _names(doc: Doc) -> list[tuple[int, str]]:
    """Who ``doc`` may name, with where each name ends: its PERSON entities, and proper nouns
    tagged as nothing or as an organization (the small model reads many first names so: "We
    hired Leo" gives ORG; and a "she" after "Tim and Ana" must stay ambiguous even when only
    "Tim" was tagged). In order of position."""
    people = [(e.end, e.text) for e in doc.ents if e.label_ == "PERSON"]
    proper = [
        (t.i + 1, t.text)
        for t in doc
        if t.pos_ == "PROPN" and t.is_alpha and t.ent_type_ in ("", "ORG")
    ]
    return sorted(people + proper)


def _one_other_person(names: list[str], speakers: set[str]) -> str | None:
    """The one person ``names`` name who is not a speaker, if there is exactly one."""
    named = {text_key(name): name.strip() for name in names}
    others = [name for key, name in named.items() if key and key not in speakers]
    return others[0] if len(others) == 1 else None


def _needs_question(span: Span) -> bool:
    words = [t for t in span if not t.is_punct and not t.is_space]
    if not words or len(words) > 7 or span.text.rstrip().endswith("?"):
        return False
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in words)
    return not has_verb or words[0].lower_ in _ANSWER_OPENERS or words[0].like_num


class OfflineExtractor:
    """spaCy-based extractor; ``nlp`` is a loaded English pipeline with a parser and NER."""

    name = "offline"
    # 2: times, amounts and ranks are no longer entities; 3: nor numbers the NER missed, nor a
    # lone exclaimed word ("Deal!"); he/she resolved to the one other person named just before;
    # a day of a month without its year ("the first of March") resolved; 4: frames
    # (ingest/supersession/frames.py).
    version = "4"

    # Parsed turns kept by text: an append extracts its new turns after the session's last
    # stored ones, which the previous append parsed already (a parse depends on its text alone).
    PARSED_KEPT = 256

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self._parsed: OrderedDict[str, Doc] = OrderedDict()

    def _parse(self, texts: list[str]) -> list[Doc]:
        missing = list(dict.fromkeys(t for t in texts if t not in self._parsed))
        self._parsed.update(zip(missing, self.nlp.pipe(missing, batch_size=64), strict=True))
        for text in texts:
            self._parsed.move_to_end(text)
        docs = [self._parsed[t] for t in texts]
        while len(self._parsed) > self.PARSED_KEPT:
            self._parsed.popitem(last=False)
        return docs

    def extract(self, scope: Scope, session: Session) -> Extraction:
        docs = self._parse([t.text for t in session.turns])
        edus: list[EDU] = []
        dropped: list[str] = []
        names = {s.lower() for s in session.speakers}
        for index, (turn, doc) in enumerate(zip(session.turns, docs, strict=True)):
            made = self._turn_edus(scope, session, index, doc, docs, names)
            if not made:
                dropped.append(turn.id)
            edus.extend(made)
        unique = list({edu.id: edu for edu in edus}.values())
        return Extraction(session_id=session.id, edus=unique, dropped_turn_ids=dropped)

    def _question_before(
        self, session: Session, index: int, docs: list[Doc]
    ) -> tuple[Turn, str] | None:
        if index == 0:
            return None
        previous = session.turns[index - 1]
        if previous.speaker == session.turns[index].speaker:
            return None
        questions = [s for s in docs[index - 1].sents if s.text.strip().endswith("?")]
        if not questions:
            return None
        asked = rewrite(questions[-1], previous.speaker, session.turns[index].speaker)
        return previous, asked.text

    def _edu(
        self,
        scope: Scope,
        session: Session,
        turn: Turn,
        text: str,
        mentions: list[Mention],
        context: tuple[str, ...] = (),
        act: Act = Act.STATEMENT,
        frame: Frame | None = None,
    ) -> EDU:
        anchor = session.started_at.date() if session.started_at else None
        text, event = rewrite_dates(text, anchor)
        return EDU(
            id=EDU.make_id(scope.id, session.id, text),
            scope=scope.id,
            session_id=session.id,
            text=text,
            speakers=(turn.speaker,),
            turn_ids=(turn.id,),
            context_turn_ids=context,
            session_date=session.started_at,
            date=event or absolute_date(text),
            mentions=tuple(mentions),
            act=act,
            frame=frame if act is Act.STATEMENT else None,
            extractor=self.name,
            extractor_version=self.version,
        )

    def _framed(
        self, session: Session, index: int, docs: list[Doc], clause: Span, text: str
    ) -> tuple[str, tuple[str, ...], Act]:
        """The clause's text made self-contained (an answer names its question, a question its
        asker, a statement its speaker), the turns it was understood from, and its act."""
        turn = session.turns[index]
        addressee = _addressee(session, index)
        question = self._question_before(session, index, docs) if _needs_question(clause) else None
        if question is not None:
            asker, asked = question
            answer = f'{turn.speaker}, answering {asker.speaker}\'s question "{asked}": {text}'
            return answer, (asker.id,), Act.STATEMENT
        if text.endswith("?"):
            asked_whom = f" {addressee}" if addressee else ""
            return f"{turn.speaker} asked{asked_whom}: {text}", (), Act.QUESTION
        if turn.speaker.lower() not in text.lower():
            return f"{turn.speaker}: {text}", (), Act.STATEMENT
        return text, (), Act.STATEMENT

    def _caption_edu(self, scope: Scope, session: Session, turn: Turn, caption: str) -> EDU:
        shown = _PHOTO_PREFIX.sub("", caption.strip())
        parsed = self.nlp(shown)
        mentions = clause_mentions(parsed[:], DocSpans(parsed), turn.speaker, None, False, True)
        said = f"{turn.speaker} shared a photo of {shown}"
        return self._edu(scope, session, turn, said, mentions)

    def _turn_edus(
        self, scope: Scope, session: Session, index: int, doc: Doc, docs: list[Doc], names: set[str]
    ) -> list[EDU]:
        turn = session.turns[index]
        addressee = _addressee(session, index)
        edus = []
        spans = DocSpans(doc)
        speakers = {text_key(name) for name in names}
        before = [name for _, name in _names(docs[index - 1])] if index else []
        named = _names(doc)
        ends = [end for end, _ in named]
        for sentence in doc.sents:
            for clause in clauses(sentence):
                if is_pleasantry(clause, names):
                    continue
                earlier = [name for _, name in named[: bisect_right(ends, clause.start)]]
                other = _one_other_person(before + earlier, speakers)
                written = rewrite(clause, turn.speaker, addressee, other)
                mentions = _mentions(clause, spans, turn.speaker, addressee, written)
                text, context, act = self._framed(session, index, docs, clause, written.text)
                frame = frame_of(clause, turn.speaker, written.third_person)
                edus.append(self._edu(scope, session, turn, text, mentions, context, act, frame))
        if turn.image_caption:
            edus.append(self._caption_edu(scope, session, turn, turn.image_caption))
        return edus


def _mentions(
    clause: Span, spans: DocSpans, speaker: str, addressee: str | None, written: Rewrite
) -> list[Mention]:
    """The clause's mentions, with the third person its rewrite named (a "she" resolved)."""
    mentions = clause_mentions(
        clause, spans, speaker, addressee, written.mentions_addressee, written.speaker_is_subject
    )
    if written.third_person is not None:
        role = MentionRole.SUBJECT if written.third_person_is_subject else MentionRole.MENTION
        key = text_key(written.third_person)
        if all(m.key != key for m in mentions):
            mentions.append(
                Mention(key=key, name=written.third_person, type=EntityType.PERSON, role=role)
            )
    return mentions


def offline_extractor(spacy_model: str) -> OfflineExtractor:
    """Build the offline extractor for ``spacy_model`` (picklable with functools.partial)."""
    return OfflineExtractor(load_spacy(spacy_model))
