"""Frames: what a clause asserts about whom, read from its parse, so that a later statement
can be compared with an earlier one (graph/supersession.py decides what supersedes what).

A frame is (subject, attribute, value): "I live in Gdansk" said by Olek is (olek, residence,
gdansk); "we moved to Krakow in spring" is (olek, residence, krakow) with the marker "moved".
Only what is asserted as true now gets a frame: questions, conditions ("if I moved to
Quito"), modal and wished statements ("I might move", "I'd like a job at a bakery"), past
states ("I used to live in Tartu") and negations without a change marker ("I won't quit
rowing") get none. A wrong supersession hides a true fact, so the readings are few and
strict; what they miss stays as it is today.
"""

from dataclasses import dataclass

from spacy.tokens import Span, Token

from hippograph.graph.model import EDU, Frame, Session
from hippograph.graph.supersession import Stated, said, valid_from
from hippograph.ingest.text.entity_keys import span_key, text_key

_SUBJECTS = {"nsubj", "nsubjpass"}
_FIRST_PERSON = {"i", "we"}
_MODALS = {"would", "could", "might", "may", "should", "will", "shall", "can", "must", "'d", "'ll"}
_CONDITIONS = {"if", "unless", "when", "whether", "once", "before", "until"}
_PRESENT = {"VBP", "VBZ"}
_PLACES = {"GPE", "LOC", "FAC"}
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}  # fmt: skip
# Nouns of which a person has one at a time: "my major is computer science".
_SINGLE_VALUED = {
    "major", "job", "boss", "husband", "wife", "boyfriend", "girlfriend", "partner", "car",
    "phone", "school", "manager", "team", "hometown", "address", "diet",
}  # fmt: skip
_DIETS = {"vegetarian", "vegan", "pescatarian", "carnivore"}
_STATUSES = {"single": "single", "married": "married", "engaged": "engaged", "divorced": "single"}
_PLAN_VERBS = {"plan", "intend"}
# Heads of what one joins or belongs to without it being an employer.
_GROUPS = {"group", "club", "class", "team", "community", "program", "course", "band", "choir"}
_HABITS = {"play", "run", "swim", "drink", "smoke", "practice", "paint", "cook", "bake"}


@dataclass(frozen=True)
class Reading:
    attribute: str
    value: str
    marker: str = ""
    ends: bool = False  # it says ``value`` (any, when empty) stopped holding
    owner: Token | None = None  # "my" of "my favorite food is …": whose, when not the subject


def _tag(verb: Token) -> str:
    """The tense that counts: the finite auxiliary's when there is one ("have been living");
    in a question any tense reads as present ("Where did Olek stay in May?" asks of a state)."""
    if _asking(verb):
        return "VBP"
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass") and child.tag_ in _PRESENT | {"VBD", "MD"}:
            return child.tag_
    return verb.tag_


def _asking(token: Token) -> bool:
    """Whether the parse is of a question read by ``asked_frame`` (a statement that ends in a
    question tag, "I lived in Tartu, remember?", keeps its tenses)."""
    return bool(token.doc.user_data.get(_QUESTION))


_QUESTION = "hippograph.asking"


def _asked(token: Token | None) -> bool:
    """A wh-word, or a phrase it asks for ("what car", "which city", "how many cats")."""
    if token is None:
        return False
    return token.tag_ in ("WDT", "WP", "WRB") or any(
        c.tag_ in ("WDT", "WP") or c.lower_ == "many" for c in token.children
    )


def _where(verb: Token) -> Token | None:
    """The "where" a question asks the place of ("Where does Ana live?")."""
    return next((c for c in verb.children if c.lower_ == "where"), None)


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _has_word(verb: Token, *words: str) -> bool:
    """Whether one of ``words`` modifies ``verb`` (no longer, anymore, now, instead, again)."""
    lowered = {c.lower_ for c in verb.subtree}
    return any(word in lowered for word in words)


def _first(token: Token, *deps: str) -> Token | None:
    return next(iter(_children(token, *deps)), None)


def _markers(verb: Token) -> set[str]:
    """The change words modifying ``verb``: now, anymore (any more), instead, again, longer."""
    words = [t.lower_ for t in verb.children] + [
        t.lower_ for c in verb.children if c.dep_ in ("advmod", "npadvmod") for t in c.subtree
    ]
    found: set[str] = {w for w in ("now", "anymore", "instead", "again", "longer") if w in words}
    if "any" in words and "more" in words:
        found.add("anymore")
    return found


def _subject(verb: Token, speaker: str, third_person: str | None) -> str | None:
    """Whom the clause is about: the speaker for I/we (and "Rui and I"), a named person, or
    the he/she the rewrite resolved; None for anyone else ("my sister", "the team")."""
    subjects = _children(verb, *_SUBJECTS) or [
        s for aux in _children(verb, "aux", "auxpass") for s in _children(aux, *_SUBJECTS)
    ]
    if not subjects and verb.dep_ in ("xcomp", "conj"):
        subjects = _children(verb.head, *_SUBJECTS)
    if len(subjects) != 1:
        return None
    subject = subjects[0]
    words = {t.lower_ for t in subject.subtree}
    if subject.lower_ in _FIRST_PERSON or ("i" in words and subject.dep_ in _SUBJECTS):
        return text_key(speaker)
    if subject.lower_ in ("he", "she"):
        return text_key(third_person) if third_person else None
    if subject.ent_type_ == "PERSON" or (subject.pos_ == "PROPN" and subject.ent_type_ == ""):
        return text_key(subject.text) if not list(subject.children) else None
    return None


def _asserted(verb: Token) -> bool:
    """Stated as a fact: not conditional ("if I moved"), modal ("I might move") or wished."""
    if any(c.lower_ in _MODALS for c in _children(verb, "aux")):
        return False
    return not any(t.lower_ in _CONDITIONS for t in _children(verb, "mark"))


def _value(token: Token) -> str:
    """The key of a value phrase: a name ("the Berlin marathon" → berlin marathon; "a bakery
    called Rise" → rise), else the phrase without determiners and possessives."""
    named = [c for c in token.children if c.dep_ in ("compound", "poss") and c.pos_ == "PROPN"]
    if token.pos_ == "PROPN" or named:
        return span_key(t for c in named for t in c.subtree if t.pos_ == "PROPN") + (
            " " + span_key([token]) if named else span_key([token])
        )
    for called in _children(token, "acl"):
        names = [t for t in called.subtree if t.pos_ == "PROPN"]
        if called.lemma_ in ("call", "name") and names:
            return span_key(names)
    return span_key(t for t in token.subtree if t.dep_ not in ("det", "poss", "prep", "punct"))


def _object_of(verb: Token, *prepositions: str) -> Token | None:
    for prep in _children(verb, "prep"):
        if prep.lower_ in prepositions:
            objects = _children(prep, "pobj")
            if objects:
                return objects[0]
    for particle in _children(verb, "advmod", "prt"):
        for prep in _children(particle, "prep"):
            if prep.lower_ in prepositions and _children(prep, "pobj"):
                return _children(prep, "pobj")[0]
    return None


def _is_place(token: Token) -> bool:
    return (
        token.ent_type_ in _PLACES
        or (token.pos_ == "PROPN" and token.ent_type_ != "PERSON")
        or _asked(token)
    )


def _is_named(token: Token) -> bool:
    """Whether a value is a name ("Siemens", "St. Paul's Hospital", "a bakery called Rise"),
    not a kind of thing ("a new activist group")."""
    if token.lemma_ in _GROUPS:
        return False
    return (
        token.pos_ == "PROPN"
        or _asked(token)
        or any(c.pos_ == "PROPN" and c.dep_ in ("compound", "poss") for c in token.children)
        or any(c.dep_ == "acl" and c.lemma_ in ("call", "name") for c in token.children)
    )


def _residence(verb: Token) -> Reading | None:
    if verb.lemma_ in ("live", "reside") and _tag(verb) in _PRESENT | {"VBG", "VBN"}:
        place = _object_of(verb, "in") or _where(verb)
        if place is not None and _is_place(place):
            return Reading("residence", _value(place))
    if verb.lemma_ in ("move", "relocate") and _tag(verb) in {"VBD", "VBN"}:
        place = _object_of(verb, "to")
        if place is not None and _is_place(place):
            return Reading("residence", _value(place), "moved")
    return None


def _work(verb: Token) -> Reading | None:
    tag = _tag(verb)
    if verb.lemma_ in ("work", "teach") and tag in _PRESENT | {"VBG"}:
        employer = _object_of(verb, "at", "for") or _where(verb)
        if employer is not None and _is_named(employer):
            return Reading("employer", _value(employer))
        role = _object_of(verb, "as")
        if role is not None and verb.lemma_ == "work":
            return Reading("occupation", span_key([role]))
    if tag not in {"VBD", "VBN"} and verb.lemma_ != "quit":  # "I quit" reads as present too
        return None
    if verb.lemma_ in ("join", "start"):
        employer = _object_of(verb, "at") or _first(verb, "dobj")
        if employer is not None and _is_named(employer):
            return Reading("employer", _value(employer), verb.lemma_)
    job = _first(verb, "dobj")
    if verb.lemma_ == "get" and job is not None and job.lemma_ == "job":
        employer = _object_of(job, "at", "with") or _object_of(verb, "at", "with")
        if employer is not None and _is_named(employer):
            return Reading("employer", _value(employer), "new job")
    if verb.lemma_ in ("quit", "leave", "lose") and job is not None and job.lemma_ == "job":
        return Reading("employer", "", verb.lemma_, ends=True)  # "I lost my job"
    if verb.lemma_ in ("quit", "leave") and job is not None and _is_named(job):
        return Reading("employer", _value(job), verb.lemma_, ends=True)
    if verb.lower_ == "laid" and any(c.lower_ == "off" for c in verb.children):
        employer = _object_of(verb, "from")
        return Reading("employer", _value(employer) if employer else "", "laid off", ends=True)
    return None


def _school(verb: Token) -> Reading | None:
    if verb.lemma_ == "study" and _tag(verb) in _PRESENT:
        school = _object_of(verb, "at") or _where(verb)
        if school is not None and _is_named(school):
            return Reading("school", _value(school))
    if verb.lemma_ == "transfer" and _tag(verb) in {"VBD", "VBN"}:
        school = _object_of(verb, "to")
        if school is not None and _is_named(school):
            return Reading("school", _value(school), "transferred")
    return None


def _be(verb: Token) -> Reading | None:
    """ "I'm vegan", "I'm single", "my major is geology", "Ramen is my favorite food",
    "I'm still at the bakery"."""
    if verb.lemma_ != "be" or _tag(verb) not in _PRESENT:
        return None
    role = _first(verb, "attr")
    if _children(verb, "neg") and _markers(verb) & {"anymore", "longer"} and role is not None:
        return Reading("occupation", span_key([role]), "anymore", ends=True)  # not a nurse now
    for complement in _children(verb, "acomp", "attr"):
        if complement.lower_ in _DIETS:
            return Reading("diet", complement.lower_)
        if complement.lower_ in _STATUSES:
            return Reading("relationship", _STATUSES[complement.lower_])
    subject = _first(verb, *_SUBJECTS)
    attr = _first(verb, "attr") or next(
        (c for c in _children(verb, "acomp") if c.ent_type_ or c.pos_ == "PROPN"), None
    )
    if subject is None or attr is None:
        at = _object_of(verb, "at")
        if at is not None and at.ent_type_ == "ORG" and _has_word(verb, "still", "now"):
            return Reading("employer", _value(at))
        return None
    for noun, value in ((subject, attr), (attr, subject)):
        owner = _first(noun, "poss")
        if owner is None:
            continue
        if any(c.lower_ in ("favorite", "favourite") for c in noun.children):
            return Reading(f"favorite {noun.lemma_}", _value(value), owner=owner)
        if noun.lemma_ in _SINGLE_VALUED:
            return Reading(noun.lemma_, _value(value), owner=owner)
    return None


def _switched(verb: Token) -> Reading | None:
    """ "Olek switched his major to geology": the new value of an attribute named."""
    if verb.lemma_ not in ("switch", "change") or _tag(verb) not in {"VBD", "VBN"}:
        return None
    noun, value = _first(verb, "dobj"), _object_of(verb, "to")
    if noun is None or value is None or _first(noun, "poss") is None:
        return None
    return Reading(noun.lemma_, _value(value), "switched")


def _relationship(verb: Token) -> Reading | None:
    tag = _tag(verb)
    partner = _first(verb, "dobj")
    if (
        verb.lemma_ in ("date", "see")
        and verb.tag_ == "VBG"
        and partner is not None
        and (partner.ent_type_ == "PERSON")
    ):
        return Reading("relationship", "dating")
    if verb.lemma_ == "break" and _children(verb, "prt") and tag in {"VBD", "VBN"}:
        return Reading("relationship", "single", "broke up")
    if verb.lower_ in ("engaged", "married") and tag in {"VBD", "VBN", "VBZ", "VBP"}:
        return Reading("relationship", verb.lower_)
    return None


def _count(verb: Token) -> Reading | None:
    if verb.lemma_ != "have" or _tag(verb) not in _PRESENT:
        return None
    for thing in _children(verb, "dobj"):
        numbers = [c for c in thing.children if c.dep_ == "nummod" and c.lower_ in _NUMBERS]
        if numbers and thing.pos_ == "NOUN":
            return Reading(f"number of {thing.lemma_}s", str(_NUMBERS[numbers[0].lower_]))
        if _asked(thing) and thing.pos_ == "NOUN":  # how many cats
            return Reading(f"number of {thing.lemma_}s", "")
    return None


def _plan(verb: Token) -> Reading | None:
    """ "We're planning to visit Chile", and what replaces it: "we're going to Peru
    instead", "we cancelled Chile" (graph/supersession.py: a plan is replaced only by a
    statement that says so)."""
    if verb.lemma_ in _PLAN_VERBS:
        action = _first(verb, "xcomp")
    elif _has_word(verb, "instead") or verb.lemma_ == "cancel":
        action = verb
    else:
        return None
    if action is None:
        return None
    target = _first(action, "dobj") or _object_of(action, "to")
    if target is None or not _is_named(target):
        return None
    trip = action.lemma_ in ("visit", "go", "travel", "fly", "cancel")
    attribute = "plan: trip" if trip else f"plan: {action.lemma_} {target.lemma_}"
    cancelled = verb.lemma_ == "cancel"
    marker = "instead" if cancelled or _has_word(verb, "instead") else ""
    return Reading(attribute, _value(target), marker, ends=cancelled)


def _possession(verb: Token) -> Reading | None:
    if verb.lemma_ == "drive" and _tag(verb) in _PRESENT:
        car = _first(verb, "dobj")
        if car is not None and _is_named(car):
            return Reading("car", _value(car))
    if verb.lemma_ == "eat" and _tag(verb) in _PRESENT | {"VBG"}:
        food = _first(verb, "dobj")
        if food is not None and food.lemma_ == "meat" and _has_word(verb, "again", "now"):
            return Reading("diet", "meat", "again")
    return None


def _activity(verb: Token) -> Reading | None:
    """ "I play squash" and its end: "I stopped playing the cello", "I gave up squash", "I
    don't row anymore"."""
    done = verb
    negated = bool(_children(verb, "neg"))
    if negated and verb.lemma_ in _HABITS and _markers(verb) & {"anymore", "longer"}:
        return Reading(_activity_name(verb), "", "anymore", ends=True)
    if not negated and verb.lemma_ in _HABITS and _tag(verb) in _PRESENT and verb.tag_ != "VBG":
        return Reading(_activity_name(verb), "yes")
    ended = verb.lemma_ in ("stop", "quit") or (
        verb.lemma_ == "give" and any(c.lower_ == "up" for c in _children(verb, "prt"))
    )
    if negated or not ended or _tag(verb) not in {"VBD", "VBN"}:
        return None
    done = _first(verb, "xcomp") or verb
    if done is verb:
        thing = _first(verb, "dobj")
        if thing is None or _is_named(thing):
            return None
        return Reading(f"activity: play {thing.lemma_}", "", "stopped", ends=True)
    return Reading(_activity_name(done), "", "stopped", ends=True)


def _activity_name(verb: Token) -> str:
    thing = _first(verb, "dobj")
    return f"activity: {verb.lemma_} {thing.lemma_ if thing is not None else ''}".strip()


_READINGS = (
    _residence, _work, _school, _be, _switched, _relationship, _count, _plan, _possession,
    _activity,
)  # fmt: skip


def _main_verbs(clause: Span) -> list[Token]:
    """The clause's root and the verbs said alongside it: coordinated ("… and I work at
    Dell") or spliced before it with a comma ("We moved to Porto, the flat is lovely": the
    parser reads "moved" as a complement of "is")."""
    found, todo = [], [clause.root]
    while todo:
        verb = todo.pop(0)
        found.append(verb)
        todo.extend(
            child
            for child in verb.children
            if child.i < clause.end
            and (
                child.dep_ in ("conj", "parataxis") or (child.dep_ == "ccomp" and child.i < verb.i)
            )
        )
    return sorted(found, key=lambda verb: verb.i)


def frame_of(clause: Span, speaker: str, third_person: str | None = None) -> Frame | None:
    """The frame ``clause`` asserts, said by ``speaker`` (its he/she resolved to
    ``third_person``), or None when it asserts none that supersession compares."""
    if clause.text.rstrip().endswith("?"):
        return None
    return _read(clause, speaker, third_person)


def asked_frame(question: Span) -> Frame | None:
    """What a question asks about: "Where does Olek live now?" → (olek, residence); its value
    is the wh-word. None when it asks of no subject and attribute that frames know."""
    if not question.text.rstrip().endswith("?"):
        return None
    question.doc.user_data[_QUESTION] = True
    return _read(question, "", None)


def _read(clause: Span, speaker: str, third_person: str | None) -> Frame | None:
    for verb in _main_verbs(clause):
        if verb.pos_ not in ("VERB", "AUX") or not _asserted(verb):
            continue
        subject = _subject(verb, speaker, third_person)
        for read in _READINGS:
            reading = read(verb)
            if reading is None:
                continue
            if _children(verb, "neg") and not reading.ends:
                break  # "I don't live in Paris": not a value, and not a change either
            if reading.owner is not None:
                subject = _owner(reading.owner, speaker, third_person)
            if not subject:
                break
            markers = sorted({m for m in (reading.marker, *_markers(verb)) if m})
            return Frame(
                subject=subject,
                attribute=reading.attribute,
                value=reading.value,
                ends=reading.ends,
                marker=" ".join(markers),
            )
    return None


def _owner(owner: Token, speaker: str, third_person: str | None) -> str | None:
    """Whose "my …" or "Kim's …" it is."""
    if owner.lower_ in ("my", "our"):
        return text_key(speaker)
    if owner.lower_ in ("his", "her"):
        return text_key(third_person) if third_person else None
    if owner.ent_type_ == "PERSON" or owner.pos_ == "PROPN":
        return text_key(owner.text)
    return None


def framed_statements(sessions: list[Session], edus: list[EDU]) -> list[Stated]:
    """The EDUs with a frame as supersession orders them: when said, from when they hold."""
    found = []
    for session in sessions:
        position = {turn.id: i for i, turn in enumerate(session.turns)}
        for edu in edus:
            if edu.frame is not None and edu.session_id == session.id:
                when = said(session.started_at, session.id, position[edu.turn_ids[0]])
                found.append(Stated(edu.id, edu.frame, when, valid_from(edu)))
    return found
