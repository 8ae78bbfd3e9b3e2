"""The entities one clause mentions: named entities, proper nouns and salient noun phrases."""

import calendar
from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

from hippograph.graph.model import EntityType, Mention, MentionRole
from hippograph.ingest.text.entity_keys import fold, is_identifier, span_key, text_key

_ENTITY_TYPES = {
    "PERSON": EntityType.PERSON,
    "GPE": EntityType.PLACE,
    "LOC": EntityType.PLACE,
    "FAC": EntityType.PLACE,
    "ORG": EntityType.ORGANIZATION,
    "NORP": EntityType.ORGANIZATION,
    "EVENT": EntityType.EVENT,
    "WORK_OF_ART": EntityType.WORK,
    "PRODUCT": EntityType.PRODUCT,
    "LANGUAGE": EntityType.CONCEPT,
    "LAW": EntityType.WORK,
}
# Nouns that name nothing one could remember things about.
_GENERIC = {
    "thing",
    "stuff",
    "lot",
    "time",
    "way",
    "bit",
    "kind",
    "sort",
    "one",
    "something",
    "anything",
    "everything",
    "nothing",
    "someone",
    "anyone",
    "everyone",
    "day",
    "today",
    "yesterday",
    "week",
    "moment",
    "idea",
    "part",
    "sure",
    "thanks",
    "thank",
    "lol",
    "wow",
    "hey",
    "hi",
    "bye",
    "yeah",
    "place",
    "fun",
    "people",
    "guy",
    "year",
    "month",
    "night",
    "morning",
    "other",
    "rest",
    "end",
}
# Times, amounts and ranks are attributes of a statement (its date), not things to remember
# things about: as entity nodes they were hubs ("Saturday") or dead ends ("four hour") for
# PageRank and Leiden.
_NOT_THINGS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"}
_CALENDAR = {
    *(name.lower() for name in calendar.day_name),
    *(name.lower() for name in calendar.month_name if name),
    *("noon", "midnight", "weekend", "hour", "minute", "second", "evening", "afternoon"),
    *("season", "spring", "summer", "autumn", "fall", "winter", "decade", "century"),
}
_PRONOUN_OWNERS = {"my": "speaker", "our": "speaker", "your": "addressee"}


def _a_time_or_amount(token: Token) -> bool:
    # like_num: "12th", "forty", "3" when the NER missed them ("the 24th").
    return token.ent_type_ in _NOT_THINGS or token.like_num or token.lemma_.lower() in _CALENDAR


def _an_exclamation(token: Token, clause: Span) -> bool:
    """A lone word that is the whole clause ("Deal!", "Congratulations!") exclaims; it names
    nothing."""
    return [t for t in clause if not t.is_punct and not t.is_space] == [token]


def _role(token: Token) -> MentionRole:
    if token.dep_ in ("nsubj", "nsubjpass"):
        return MentionRole.SUBJECT
    if token.dep_ in ("dobj", "pobj", "attr", "dative", "oprd"):
        return MentionRole.OBJECT
    return MentionRole.MENTION


class DocSpans:
    """A doc's entities and noun chunks, computed once and sliced per clause.

    ``Span.ents`` and ``Span.noun_chunks`` rescan the whole doc on every call, which makes a
    long turn quadratic; this keeps one sorted list of each and cuts it by position.
    """

    def __init__(self, doc: Doc) -> None:
        self.ents = list(doc.ents)
        self.chunks = list(doc.noun_chunks)
        self._ent_starts = [s.start for s in self.ents]
        self._chunk_starts = [s.start for s in self.chunks]

    @staticmethod
    def _within(spans: list[Span], starts: list[int], clause: Span) -> list[Span]:
        first = bisect_left(starts, clause.start)
        last = bisect_left(starts, clause.end)
        return [s for s in spans[first:last] if s.end <= clause.end]

    def ents_in(self, clause: Span) -> list[Span]:
        return self._within(self.ents, self._ent_starts, clause)

    def chunks_in(self, clause: Span) -> list[Span]:
        return self._within(self.chunks, self._chunk_starts, clause)


class _Found:
    """Mentions keyed by normalized form (the first role a key gets is kept), and the tokens
    that a mention covers already."""

    def __init__(self) -> None:
        self.mentions: dict[str, Mention] = {}
        self.covered: set[int] = set()

    def add(self, key: str, name: str, kind: EntityType, role: MentionRole) -> None:
        if key and key not in self.mentions:
            self.mentions[key] = Mention(key=key, name=name, type=kind, role=role)


def clause_mentions(
    span: Span,
    spans: DocSpans,
    speaker: str,
    addressee: str | None,
    mentions_addressee: bool,
    speaker_is_subject: bool,
) -> list[Mention]:
    """Mentions of ``span`` keyed by normalized form, strongest role first kept: the speaker
    (and the addressee), identifiers, named entities, noun chunks, other proper nouns."""
    found = _Found()
    found.add(
        text_key(speaker),
        speaker,
        EntityType.PERSON,
        MentionRole.SUBJECT if speaker_is_subject else MentionRole.SPEAKER,
    )
    if addressee and mentions_addressee:
        found.add(text_key(addressee), addressee, EntityType.PERSON, MentionRole.ADDRESSEE)
    for token in span:
        if (
            is_identifier(token.text)
            and not token.like_num
            and token.ent_type_ not in ("DATE", "TIME")
        ):
            found.add(fold(token.text), token.text, EntityType.IDENTIFIER, _role(token))
            found.covered.add(token.i)
    _named_entities(span, spans, found)
    _noun_chunks(span, spans, found, speaker, addressee)
    for token in span:
        if (
            token.i not in found.covered
            and token.pos_ == "PROPN"
            and token.is_alpha
            and len(token) > 1
            and not _a_time_or_amount(token)
            and not _an_exclamation(token, span)
        ):
            found.add(span_key([token]), token.text, EntityType.CONCEPT, _role(token))
    return list(found.mentions.values())


def _named_entities(span: Span, spans: DocSpans, found: _Found) -> None:
    for ent in spans.ents_in(span):
        if any(t.i in found.covered for t in ent):
            continue
        kind = _ENTITY_TYPES.get(ent.label_)
        if kind is None:
            continue
        if is_identifier(ent.text) and ent.label_ not in ("ORG", "PRODUCT"):
            kind = EntityType.IDENTIFIER
        found.add(span_key(ent), ent.text.strip(), kind, _role(ent.root))
        found.covered.update(t.i for t in ent)


def _noun_chunks(
    span: Span, spans: DocSpans, found: _Found, speaker: str, addressee: str | None
) -> None:
    """Noun chunks not covered yet, other than generic words, times, amounts and exclamations;
    "my dog" is the speaker's dog, "your dog" the addressee's."""
    for chunk in spans.chunks_in(span):
        root = chunk.root
        if (
            root.i in found.covered
            or root.pos_ not in ("NOUN", "PROPN")
            or root.lemma_.lower() in _GENERIC
            or _a_time_or_amount(root)
            or _an_exclamation(root, span)
        ):
            continue
        owner = next(
            (_PRONOUN_OWNERS[t.lower_] for t in chunk if t.lower_ in _PRONOUN_OWNERS), None
        )
        key = span_key(chunk)
        name = " ".join(
            t.text for t in chunk if t.pos_ != "DET" and t.lower_ not in _PRONOUN_OWNERS
        )
        if owner == "speaker":
            key, name = f"{text_key(speaker)} {key}", f"{speaker}'s {name}"
        elif owner == "addressee" and addressee:
            key, name = f"{text_key(addressee)} {key}", f"{addressee}'s {name}"
        kind = (
            EntityType.IDENTIFIER
            if is_identifier(chunk.text)
            else (EntityType.PERSON if root.ent_type_ == "PERSON" else EntityType.CONCEPT)
        )
        found.add(key, name.strip() or chunk.text, kind, _role(root))
        found.covered.update(t.i for t in chunk)
