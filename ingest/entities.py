"""Entities of a scope from the mentions of its EDUs: one entity per key, aliases linked.

Same key → same entity. A short name is linked to a longer person name only when the link is
unambiguous: "mel" → "melanie" if "melanie" is the one person key starting with "mel", and a
first name to a full name ("caroline" → "caroline smith") if that full name is the only one.
Identifier-like keys (anything with a digit) are never merged by similarity. A plural key
joins its singular when both occur ("bubbles" → "bubble": the tagger lemmatizes "Bubbles" as a
noun in one sentence and keeps it as a name in the next).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from hippograph.graph.model import EDU, Entity, EntityType, Mention
from hippograph.ingest.text.entity_keys import is_identifier

_MIN_ALIAS = 3


def _person_aliases(person_keys: set[str]) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for key in person_keys:
        if is_identifier(key) or len(key) < _MIN_ALIAS:
            continue
        if " " not in key:
            longer_single = [
                k for k in person_keys if " " not in k and k != key and k.startswith(key)
            ]
            full_names = [k for k in person_keys if k.split(" ")[0] == key and " " in k]
            targets = full_names or longer_single
            if len(targets) == 1 and not is_identifier(targets[0]):
                aliases[key] = targets[0]
    # Follow chains ("mel" → "melanie" → "melanie jones") to their end.
    for key, target in list(aliases.items()):
        seen = {key}
        while target in aliases and target not in seen:
            seen.add(target)
            target = aliases[target]
        aliases[key] = target
    return aliases


def _singular(word: str) -> str | None:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return None


def _plural_aliases(keys: set[str], stored: set[str]) -> dict[str, str]:
    """Plural keys joined to their singular; but a singular said only after its plural was
    stored (a turn appended later, a later chunk of a file) joins the stored plural, so that
    one entity holds both however the conversation arrived."""
    aliases = {}
    for key in keys:
        if is_identifier(key):
            continue
        *head, last = key.split(" ")
        single = _singular(last)
        if single and (target := " ".join([*head, single])) in keys:
            if key in stored and target not in stored:
                aliases[target] = key
            else:
                aliases[key] = target
    return aliases


def _canonical(mention: Mention, aliases: dict[str, str], people: dict[str, str]) -> Mention:
    parts = mention.key.split(" ")
    if mention.key in aliases:
        return mention.model_copy(update={"key": aliases[mention.key]})
    # "mel mom" → "melanie mom": a person's alias also stands for its owner in a possessive key.
    if len(parts) > 1 and parts[0] in people:
        return mention.model_copy(update={"key": " ".join([people[parts[0]], *parts[1:]])})
    return mention


@dataclass
class _Tally:
    """What the mentions of each canonical key say: its surface names, types, sessions."""

    names: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    types: dict[str, Counter[EntityType]] = field(default_factory=lambda: defaultdict(Counter))
    sessions: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    counts: Counter[str] = field(default_factory=Counter)
    alias_names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def count(self, session_id: str, mention: Mention, canonical: Mention) -> None:
        key = canonical.key
        if key != mention.key:
            self.alias_names[key].add(mention.name)
        self.names[key][canonical.name if key == mention.key else ""] += 1
        self.types[key][canonical.type] += 1
        self.sessions[key].add(session_id)
        self.counts[key] += 1

    def entity(self, scope: str, key: str) -> Entity:
        surface = [n for n, _ in self.names[key].most_common() if n]
        # The type most mentions agree on (on a tie a named type before a concept, a person
        # first): one tagger slip ("the Bologna marathon" read as a person, "Art" as a name)
        # does not retype a city or a concept.
        votes = self.types[key]
        kind = max(
            votes,
            key=lambda t: (votes[t], t is not EntityType.CONCEPT, t is EntityType.PERSON),
        )
        return Entity(
            scope=scope,
            key=key,
            name=surface[0] if surface else key,
            type=kind,
            aliases=tuple(sorted(self.alias_names[key] | set(surface[1:]))),
            session_count=len(self.sessions[key]),
            edu_count=self.counts[key],
        )


def normalize_entities(
    scope: str,
    edus: Iterable[EDU],
    known_people: Iterable[str] = (),
    known_keys: Iterable[str] = (),
) -> tuple[list[EDU], list[Entity]]:
    """Rewrite mention keys to canonical entities and return the entities the EDUs mention.

    ``known_people`` are person keys already stored in the scope: short names found now can
    link to them too; ``known_keys`` are all its stored keys, for plurals to join.
    """
    edus = list(edus)
    person_votes: Counter[str] = Counter(known_people)
    for edu in edus:
        for mention in edu.mentions:
            if mention.type is EntityType.PERSON:
                person_votes[mention.key] += 1
    stored = set(known_keys)
    keys = {m.key for edu in edus for m in edu.mentions} | stored
    people = _person_aliases(set(person_votes))
    aliases = _plural_aliases(keys, stored) | people
    rewritten = []
    tally = _Tally()
    for edu in edus:
        mentions = []
        for mention in edu.mentions:
            canonical = _canonical(mention, aliases, people)
            tally.count(edu.session_id, mention, canonical)
            mentions.append(canonical)
        unique = tuple({m.key: m for m in reversed(mentions)}.values())[::-1]
        rewritten.append(edu.model_copy(update={"mentions": unique}))
    return rewritten, [tally.entity(scope, key) for key in tally.counts]
