"""Relative time expressions resolved against the session date.

"yesterday" said on 8 May 2023 becomes "on 7 May 2023" in the EDU text and an
:class:`~hippograph.graph.model.EventDate` (7 May–7 May, day) in its ``date`` field. Expressions are
found with regular expressions, not the parser, so resolution is fast and deterministic.
"""

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from hippograph.graph.model import EventDate, Granularity

_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "a few": 3,
    "few": 3,
    "several": 3,
}
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "fall": (9, 11),
    "autumn": (9, 11),
    "winter": (12, 2),
}
_FUTURE = re.compile(r"\b(will|'ll|going to|gonna|plan(?:ning)? to|about to|can't wait)\b", re.I)
_PREPOSITION_BEFORE = re.compile(
    r"\b(since|until|till|from|by|before|after|through|on|in|of)\s*$", re.IGNORECASE
)

_NUMBER_WORDS = "|".join(sorted((re.escape(k) for k in _NUMBERS), key=len, reverse=True))


def _count_unit(tag: str) -> str:
    return rf"(?P<count_{tag}>\d+|{_NUMBER_WORDS})\s+(?P<unit_{tag}>day|week|month|year)s?"


_WEEKDAY = r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")"
_ORDINALS = {
    word: i
    for i, word in enumerate(
        ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
         "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
         "seventeenth", "eighteenth", "nineteenth", "twentieth"],
        1,
    )
}  # fmt: skip
_ORDINALS.update({f"twenty-{w}": 20 + i for w, i in _ORDINALS.items() if i < 10})
_ORDINALS.update({"thirtieth": 30, "thirty-first": 31})
_ORDINAL_WORDS = "|".join(sorted(_ORDINALS, key=len, reverse=True)).replace("-", "[- ]")
# A month is a capitalized full name (so "may" the verb is not one); a day in digits, with or
# without its suffix, or as a word after "the".
_MONTH_NAME = "(?-i:" + "|".join(calendar.month_name[1:]) + ")"
_DAY_NUMBER = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_MONTH_DAY = (
    rf"(?P<month_day>(?:the\s+)?(?:{_DAY_NUMBER}|{_ORDINAL_WORDS})\s+of\s+{_MONTH_NAME}"
    rf"|{_MONTH_NAME}\s+(?:the\s+)?{_DAY_NUMBER}|{_DAY_NUMBER}\s+{_MONTH_NAME})"
    r"(?![\w,]*\s+\d{4}|\s*,\s*\d{4}|\s*\d)"  # no year after it: that is an explicit date
)
_SEASON = r"(?P<season>spring|summer|fall|autumn|winter)"
_PATTERN = re.compile(
    r"\b(?:"
    rf"(?P<ago>{_count_unit('ago')}\s+ago)"
    rf"|(?P<ahead>in\s+{_count_unit('ahead')}(?!\s+ago))"
    rf"|(?P<rel_weekday>(?P<wd_mod>last|this|next|on|this past|this coming)\s+{_WEEKDAY}"
    rf"(?:,?\s+the\s+(?P<wd_day>{_DAY_NUMBER})\b)?)"  # "on Saturday the 24th": one day
    rf"|{_MONTH_DAY}"
    rf"|(?P<rel_season>(?P<s_mod>last|this|next|this past)\s+{_SEASON})"
    r"|(?P<rel_unit>(?P<u_mod>last|this|next|earlier this|later this|the past|the previous"
    r"|the following|the last)\s+(?P<u_unit>week(?:end)?|month|year))"
    r"|(?P<daypart>(?:yesterday|this|last|tomorrow)\s+(?P<part>morning|afternoon|evening|night))"
    r"|(?P<single>yesterday|today|tonight|tomorrow|the day before yesterday"
    r"|the day after tomorrow|the other day)"
    r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Resolved:
    start: int
    end: int
    replacement: str
    date: EventDate


def _day(d: date) -> str:
    return f"{d.day} {calendar.month_name[d.month]} {d.year}"


def _month(d: date) -> str:
    return f"{calendar.month_name[d.month]} {d.year}"


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def _month_range(d: date) -> tuple[date, date]:
    first = d.replace(day=1)
    return first, first.replace(day=calendar.monthrange(d.year, d.month)[1])


def _week_of(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _count(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else _NUMBERS[re.sub(r"\s+", " ", text)]


def _event(start: date, end: date, granularity: Granularity, expression: str) -> EventDate:
    return EventDate(start=start, end=end, granularity=granularity, expression=expression)


def _in_week(monday: date, text: str) -> tuple[str, EventDate]:
    return (
        f"in the week of {_day(monday)}",
        _event(monday, monday + timedelta(days=6), Granularity.WEEK, text),
    )


def _in_month(d: date, text: str) -> tuple[str, EventDate]:
    first, last = _month_range(d)
    return f"in {_month(first)}", _event(first, last, Granularity.MONTH, text)


def _in_year(year: int, text: str) -> tuple[str, EventDate]:
    return f"in {year}", _event(date(year, 1, 1), date(year, 12, 31), Granularity.YEAR, text)


def _on_day(d: date, text: str) -> tuple[str, EventDate]:
    return f"on {_day(d)}", _event(d, d, Granularity.DAY, text)


def _counted(m: re.Match[str], anchor: date, _future: bool) -> tuple[str, EventDate]:
    """ "three weeks ago", "in two months", "a few days ago"."""
    text = m.group(0)
    tag = "ago" if m.group("ago") else "ahead"
    count = m.group(f"count_{tag}")
    sign = -1 if tag == "ago" else 1
    unit = m.group(f"unit_{tag}").lower()
    if count.lower() in ("a few", "few", "several"):
        # Vague counts keep their vagueness: a range, not a made-up exact day.
        span = {"day": 1, "week": 7, "month": 30, "year": 365}[unit]
        near = anchor + timedelta(days=sign * 2 * span)
        far = anchor + timedelta(days=sign * 5 * span)
        word = "before" if tag == "ago" else "after"
        granularity = Granularity.WEEK if unit == "day" else Granularity(unit)
        return (
            f"{count.lower()} {unit}s {word} {_day(anchor)}",
            _event(min(near, far), max(near, far), granularity, text),
        )
    n = sign * _count(count)
    if unit == "day":
        return _on_day(anchor + timedelta(days=n), text)
    if unit == "week":
        return _in_week(_week_of(anchor + timedelta(weeks=n)), text)
    if unit == "month":
        return _in_month(_add_months(anchor, n), text)
    return _in_year(anchor.year + n, text)


def _weekday_and_day(
    target: int, day: int, anchor: date, future: bool, m: re.Match[str]
) -> tuple[str, EventDate]:
    """ "Saturday the 24th": the day so numbered that falls on that weekday nearest the session
    date (the next one in a sentence about the future)."""
    months = [_add_months(anchor.replace(day=1), n) for n in range(-12, 13)]
    days = [
        d.replace(day=day)
        for d in months
        if day <= calendar.monthrange(d.year, d.month)[1] and d.replace(day=day).weekday() == target
    ]
    ahead = [d for d in days if d >= anchor]
    d = ahead[0] if future and ahead else min(days, key=lambda d: abs(d - anchor))
    name = calendar.day_name[d.weekday()]
    return f"on {name}, {_day(d)}", _event(d, d, Granularity.DAY, m.group(0))


def _weekday(m: re.Match[str], anchor: date, future: bool) -> tuple[str, EventDate]:
    """ "last Friday", "next Monday", "on Saturday" (past or future by the sentence's tense)."""
    modifier = m.group("wd_mod").lower()
    target = _WEEKDAYS[m.group("weekday").lower()]
    if m.group("wd_day"):
        return _weekday_and_day(
            target, int(re.sub(r"\D", "", m.group("wd_day"))), anchor, future, m
        )
    back = (anchor.weekday() - target) % 7 or 7
    ahead = (target - anchor.weekday()) % 7 or 7
    if modifier in ("last", "this past") or (modifier == "on" and not future):
        d = anchor - timedelta(days=back)
    elif modifier == "next":
        d = _week_of(anchor) + timedelta(weeks=1, days=target)
    else:  # "this", "this coming", or "on" in a sentence about the future
        d = anchor + timedelta(days=ahead)
    name = calendar.day_name[d.weekday()]
    return f"on {name}, {_day(d)}", _event(d, d, Granularity.DAY, m.group(0))


def _ordinal_spellings(words: list[str]) -> list[str]:
    """The ordinals among ``words`` ("twenty", "first" → "twenty-first"), longest first."""
    pairs = [f"{a}-{b}" for a, b in pairwise(words)]
    return [w for w in pairs + words if w in _ORDINALS]


def _month_day(m: re.Match[str], anchor: date, future: bool) -> tuple[str, EventDate]:
    """ "the first of March", "March 3rd", "24 May": that day in the year that puts it nearest
    the session date (the next one in a sentence about the future)."""
    said = m.group("month_day")
    month = next(i for i, name in enumerate(calendar.month_name) if name and name in said)
    digits = re.search(r"\d+", said)
    words = re.sub(r"[\s-]+", "-", said.lower()).split("-")
    day = int(digits.group()) if digits else next(_ORDINALS[w] for w in _ordinal_spellings(words))
    days = [
        date(year, month, min(day, calendar.monthrange(year, month)[1]))
        for year in (anchor.year - 1, anchor.year, anchor.year + 1)
    ]
    ahead = [d for d in days if d >= anchor]
    d = ahead[0] if future and ahead else min(days, key=lambda d: abs(d - anchor))
    return _on_day(d, m.group(0))


def _season(m: re.Match[str], anchor: date, _future: bool) -> tuple[str, EventDate]:
    """ "last summer", "this winter" (which runs into the next year)."""
    modifier = m.group("s_mod").lower()
    season = m.group("season").lower()
    first_month, last_month = _SEASONS[season]
    year = anchor.year + {"last": -1, "next": 1}.get(modifier, 0)
    if modifier == "this past" and anchor.month < first_month:
        year -= 1
    start = date(year, first_month, 1)
    end_year = year + 1 if last_month < first_month else year
    end = date(end_year, last_month, calendar.monthrange(end_year, last_month)[1])
    return f"in the {season} of {year}", _event(start, end, Granularity.SEASON, m.group(0))


def _weekend(step: int, anchor: date, text: str) -> tuple[str, EventDate]:
    saturday = _week_of(anchor) + timedelta(days=5)
    if step == -1:
        saturday -= timedelta(weeks=1) if anchor.weekday() < 5 else timedelta(0)
        saturday = saturday if saturday < anchor else saturday - timedelta(weeks=1)
    elif step == 1:
        saturday += timedelta(weeks=1)
    sunday = saturday + timedelta(days=1)
    return (
        f"on the weekend of {saturday.day}-{_day(sunday)}",
        _event(saturday, sunday, Granularity.WEEK, text),
    )


def _unit(m: re.Match[str], anchor: date, _future: bool) -> tuple[str, EventDate]:
    """ "last week", "next month", "earlier this year", "the past weekend"."""
    text = m.group(0)
    modifier = re.sub(r"\s+", " ", m.group("u_mod").lower())
    unit = m.group("u_unit").lower()
    step = (
        -1
        if modifier in ("last", "the past", "the previous", "the last")
        else (1 if modifier in ("next", "the following") else 0)
    )
    if unit == "weekend":
        return _weekend(step, anchor, text)
    if unit == "week":
        return _in_week(_week_of(anchor) + timedelta(weeks=step), text)
    if unit == "month":
        return _in_month(_add_months(anchor, step), text)
    return _in_year(anchor.year + step, text)


def _daypart(m: re.Match[str], anchor: date, _future: bool) -> tuple[str, EventDate]:
    """ "yesterday morning", "this evening"."""
    offset = {"yesterday": -1, "last": -1, "tomorrow": 1}.get(m.group(0).lower().split()[0], 0)
    d = anchor + timedelta(days=offset)
    return (
        f"on the {m.group('part').lower()} of {_day(d)}",
        _event(d, d, Granularity.DAY, m.group(0)),
    )


_SINGLE_OFFSETS = {
    "yesterday": -1,
    "today": 0,
    "tonight": 0,
    "tomorrow": 1,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
}


def _single(m: re.Match[str], anchor: date, _future: bool) -> tuple[str, EventDate]:
    """ "yesterday", "tonight", "the other day"."""
    text = m.group(0)
    key = re.sub(r"\s+", " ", text.lower())
    if key == "the other day":
        return (
            f"a few days before {_day(anchor)}",
            _event(anchor - timedelta(days=7), anchor - timedelta(days=1), Granularity.WEEK, text),
        )
    d = anchor + timedelta(days=_SINGLE_OFFSETS[key])
    if key == "tonight":
        return f"on the night of {_day(d)}", _event(d, d, Granularity.DAY, text)
    return _on_day(d, text)


# Which resolver reads a match, by the named group of _PATTERN that matched.
_RESOLVERS: tuple[tuple[str, Callable[[re.Match[str], date, bool], tuple[str, EventDate]]], ...] = (
    ("ago", _counted),
    ("ahead", _counted),
    ("rel_weekday", _weekday),
    ("month_day", _month_day),
    ("rel_season", _season),
    ("rel_unit", _unit),
    ("daypart", _daypart),
    ("single", _single),
)


def _resolve(m: re.Match[str], anchor: date, future: bool) -> tuple[str, EventDate]:
    resolver = next(r for g, r in _RESOLVERS if m.group(g))
    return resolver(m, anchor, future)


def resolve_dates(text: str, anchor: date) -> list[Resolved]:
    """Every relative time expression in ``text`` with its absolute replacement and range."""
    future = bool(_FUTURE.search(text))
    found = []
    for match in _PATTERN.finditer(text):
        try:
            phrase, event = _resolve(match, anchor, future)
        except (ValueError, OverflowError):
            continue  # outside the calendar ("next year" said on 31 December 9999): as said
        if _PREPOSITION_BEFORE.search(text[: match.start()]):
            phrase = re.sub(r"^(on|in) ", "", phrase)
        found.append(Resolved(match.start(), match.end(), phrase, event))
    return found


def rewrite_dates(text: str, anchor: date | None) -> tuple[str, EventDate | None]:
    """``text`` with relative dates made absolute, and the first date it talks about."""
    if anchor is None:
        return text, None
    resolved = resolve_dates(text, anchor)
    for item in reversed(resolved):
        text = text[: item.start] + item.replacement + text[item.end :]
    return text, (resolved[0].date if resolved else None)


_ABSOLUTE = re.compile(
    r"\b(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[A-Za-z]{3,9})\.?,?\s+(?P<y1>\d{4})"
    r"|(?P<m2>[A-Za-z]{3,9})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4})"
    r"|(?P<m3>[A-Za-z]{3,9})\s+(?P<y3>\d{4})"
    r"|(?:in|since|during|of)\s+(?P<y4>(?:19|20)\d{2}))\b"
)


def absolute_date(text: str) -> EventDate | None:
    """The first explicit calendar date in ``text`` ("7 May 2023", "May 2023", "in 2022")."""
    for m in _ABSOLUTE.finditer(text):
        try:
            found = _absolute(m)
        except ValueError:
            continue  # not a day of the calendar ("31 February 2023", "May 0000")
        if found is not None:
            return found
    return None


def _absolute(m: re.Match[str]) -> EventDate | None:
    month_name = (m.group("m1") or m.group("m2") or m.group("m3") or "").lower()
    if month_name and month_name not in _MONTHS:
        return None
    if m.group("y4"):
        year = int(m.group("y4"))
        return _event(date(year, 1, 1), date(year, 12, 31), Granularity.YEAR, m.group(0))
    month = _MONTHS[month_name]
    year = int(m.group("y1") or m.group("y2") or m.group("y3"))
    day_text = m.group("d1") or m.group("d2")
    if day_text is None:
        first, last = _month_range(date(year, month, 1))
        return _event(first, last, Granularity.MONTH, m.group(0))
    d = date(year, month, int(day_text))
    return _event(d, d, Granularity.DAY, m.group(0))
