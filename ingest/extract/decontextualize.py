"""Making a clause readable on its own: who "I", "you", "he" and "she" are, and where clauses
split.

"I'm taking my kids" said by Melanie to Caroline becomes "Melanie is taking Melanie's kids";
"you were right" becomes "Caroline was right". Verbs whose subject turned from I/you into a
name are put in the third person singular so the statement stays grammatical. "He" and "she"
become the one other person named just before (earlier in the turn, or in the turn before),
when there is exactly one; otherwise they stay as said.
"""

from dataclasses import dataclass

from spacy.tokens import Span, Token

_FIRST = {"i": "{s}", "me": "{s}", "myself": "{s}", "my": "{s}'s", "mine": "{s}'s"}
_FIRST_PLURAL = {
    "we": "{s} and others",
    "us": "{s} and others",
    "ourselves": "{s} and others",
    "our": "{s}'s",
    "ours": "{s}'s",
}
_SECOND = {
    "you": "{a}",
    "yourself": "{a}",
    "yourselves": "{a}",
    "your": "{a}'s",
    "yours": "{a}'s",
    "ya": "{a}",
    "u": "{a}",
}
_THIRD = {
    "he": "{p}",
    "him": "{p}",
    "himself": "{p}",
    "his": "{p}'s",
    "she": "{p}",
    "herself": "{p}",
    "hers": "{p}'s",
}
_CONTRACTIONS = {
    "'m": "is",
    "'re": "is",
    "'ve": "has",
    "'ll": "will",
    "'d": "would",
    "’m": "is",
    "’re": "is",
    "’ve": "has",
    "’ll": "will",
    "’d": "would",
}
_THIRD_PERSON = {
    "am": "is",
    "are": "is",
    "'m": "is",
    "'re": "is",
    "have": "has",
    "'ve": "has",
    "do": "does",
    "were": "was",
    "go": "goes",
}
_ALREADY_THIRD = {
    "is",
    "has",
    "does",
    "was",
    "will",
    "would",
    "can",
    "could",
    "should",
    "might",
    "must",
    "may",
    "shall",
}
_SUBJECTS = {"nsubj", "nsubjpass"}
PLEASANTRY_LEMMAS = {
    "thank",
    "thanks",
    "bye",
    "goodbye",
    "hi",
    "hey",
    "hello",
    "wow",
    "lol",
    "haha",
    "hah",
    "great",
    "awesome",
    "cool",
    "nice",
    "amazing",
    "good",
    "glad",
    "ok",
    "okay",
    "sure",
    "yeah",
    "yes",
    "no",
    "oh",
    "aw",
    "aww",
    "congrats",
    "congratulations",
    "cheers",
    "care",
    "see",
    "talk",
    "later",
    "soon",
    "night",
    "morning",
    "catch",
    "chat",
    "be",
    "do",
    "have",
    "sound",
    "hear",
    "welcome",
    "sweet",
    "lovely",
    "wonderful",
    "fantastic",
    "absolutely",
    "totally",
    "definitely",
    "so",
    "really",
    "too",
    "just",
    "well",
    "that",
    "this",
    "it",
    "again",
    "ya",
    "yep",
    "bet",
    "awww",
    "omg",
    "incredible",
    "true",
    "right",
    "exactly",
    "indeed",
    "sorry",
    "touch",
    "keep",
}
_CONTENT_POS = {"NOUN", "PROPN", "VERB", "NUM", "ADJ", "ADV", "X"}


@dataclass(frozen=True)
class Rewrite:
    text: str
    mentions_speaker: bool
    mentions_addressee: bool
    speaker_is_subject: bool
    # The other person a "he"/"she" of the clause was resolved to.
    third_person: str | None = None
    third_person_is_subject: bool = False


def _third_person(verb: str) -> str:
    lower = verb.lower()
    if lower in _ALREADY_THIRD:
        return verb
    if lower in _THIRD_PERSON:
        return _THIRD_PERSON[lower]
    if lower.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _finite_verb(subject: Token) -> Token | None:
    """The verb form that agrees with ``subject``: its head or one of the head's auxiliaries."""
    head = subject.head
    for candidate in [*[c for c in head.children if c.dep_ in ("aux", "auxpass")], head]:
        if candidate.tag_ in ("VBP", "VBD", "MD"):
            return candidate
    return None


def _third_form(token: Token) -> str | None:
    if token.lower_ == "her":  # possessive ("her bakery") or object ("met her")
        return "{p}'s" if token.tag_ == "PRP$" else "{p}"
    return _THIRD.get(token.lower_)


def rewrite(span: Span, speaker: str, addressee: str | None, other: str | None = None) -> Rewrite:
    """``span`` with first/second-person references replaced by names, and third-person
    singular ones by ``other`` (the one other person named just before) when given."""
    replacements: dict[int, str] = {}
    mentions_speaker = mentions_addressee = speaker_is_subject = False
    resolved = other_is_subject = False
    table = {**_FIRST, **_FIRST_PLURAL, **(_SECOND if addressee is not None else {})}
    for token in span:
        lower = token.lower_
        third = _third_form(token) if other is not None and token.pos_ == "PRON" else None
        if third is not None:
            replacements[token.i] = third.format(p=other)
            resolved = True
            other_is_subject = other_is_subject or token.dep_ in _SUBJECTS
            continue
        if lower not in table or token.pos_ not in ("PRON", "DET", "PROPN", "NOUN"):
            continue
        if lower == "us" and token.text == "US":
            continue
        name = table[lower].format(s=speaker, a=addressee)
        replacements[token.i] = name
        if lower in _SECOND:
            mentions_addressee = True
        else:
            mentions_speaker = True
        if token.dep_ in _SUBJECTS and lower in ("i", "you", "u", "ya"):
            speaker_is_subject = speaker_is_subject or lower == "i"
            verb = _finite_verb(token)
            agrees = verb is not None and (verb.tag_ == "VBP" or verb.lower_ == "were")
            if verb is not None and agrees and verb.i not in replacements:
                replacements[verb.i] = _third_person(_CONTRACTIONS.get(verb.lower_, verb.text))
    parts = []
    for token in span:
        text = replacements.get(token.i)
        if text is None and token.lower_ in _CONTRACTIONS and token.i - 1 in replacements:
            plural = span.doc[token.i - 1].lower_ == "we"
            text = (
                {"'re": "are", "’re": "are", "'ve": "have", "’ve": "have"}.get(
                    token.lower_, _CONTRACTIONS[token.lower_]
                )
                if plural
                else _CONTRACTIONS[token.lower_]
            )
        if text is None:
            parts.append(token.text_with_ws)
            continue
        if token.lower_ in _CONTRACTIONS:
            parts.append(" ")  # "I'm" → "Melanie is": the clitic had no space before it
        parts.append(text + token.whitespace_)
    text = "".join(parts).strip()
    if text and text[0].islower() and replacements.get(span.start):
        text = text[0].upper() + text[1:]
    return Rewrite(
        text,
        mentions_speaker,
        mentions_addressee,
        speaker_is_subject,
        other if resolved else None,
        other_is_subject,
    )


def clauses(sentence: Span) -> list[Span]:
    """Split a sentence where a coordinated clause has a subject of its own.

    "I went to the museum and my kids loved the dinosaurs" → two clauses; "I went to the
    museum and loved it" stays one (the second verb shares the first one's subject).
    """
    cuts = []
    for token in sentence:
        if token.dep_ != "conj" or token.pos_ not in ("VERB", "AUX"):
            continue
        if not any(child.dep_ in _SUBJECTS for child in token.children):
            continue
        left = min(token.subtree, key=lambda t: t.i).i
        for child in token.head.children:
            if child.dep_ == "cc" and child.i < token.i:
                left = min(left, child.i)
        if sentence.start < left < sentence.end:
            cuts.append(left)
    pieces, start = [], sentence.start
    for cut in sorted(set(cuts)):
        piece = sentence.doc[start:cut]
        if len(piece) > 0:
            pieces.append(piece)
        start = cut
    pieces.append(sentence.doc[start : sentence.end])
    result = []
    for piece in pieces:
        while len(piece) and piece[0].dep_ in ("cc", "punct"):
            piece = piece[1:]
        if len(piece) > 0:
            result.append(piece)
    return result


def is_pleasantry(span: Span, names: set[str]) -> bool:
    """True when nothing but greetings, thanks, praise words and names is said."""
    for token in span:
        if (
            token.pos_ not in _CONTENT_POS
            or token.is_punct
            or not any(c.isalnum() for c in token.text)
        ):
            continue
        if token.lemma_.lower() in PLEASANTRY_LEMMAS or token.lower_ in PLEASANTRY_LEMMAS:
            continue
        if token.lower_ in names:
            continue
        return False
    return True
