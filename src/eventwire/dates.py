"""Time: DATE spans resolved against the article's publication time.

"On Thursday" in an article published Saturday 2023-09-02 is 2023-08-31, not the
publication date. dateparser does the calendar work (English only, relative to the
publication time, preferring the past); this module decides which spans are dates at all
and how precise they are. Without a publication time only absolute dates resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# Spans the NER tags DATE that name no point in time an event could be placed on.
_VAGUE_RE = re.compile(
    r"\b(recent|years|decades?|centuries|century|months|weeks|days|era|period|past|future|"
    r"daily|weekly|monthly|annual|annually|age|old|long|since|until|ago\s+years|soon|later)\b",
    re.IGNORECASE,
)
_AGO_RE = re.compile(r"\b(a|an|one|two|three|four|five|six|seven|\d+)\s+(day|week|month|year)s?\s+ago\b", re.I)
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_MONTH_ONLY_RE = re.compile(rf"^(?:in\s+|early\s+|late\s+|mid-?)?(?:{_MONTHS})\.?(?:\s+(1[89]\d\d|20\d\d))?$", re.I)
_PREFIX_RE = re.compile(r"^(on|in|at|since|by|from|during|early|late|earlier|later)\s+", re.I)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(
    r"^(?:(last|this|past|next|previous)\s+)?(" + "|".join(_WEEKDAYS) + r")(?:\s+(?:morning|afternoon|evening|night))?$", re.I)
_DURATION_RE = re.compile(r"^(a|an|one|the|that|same|the same|the next|the following|the previous)\s+(day|week|month|year|night)$", re.I)
# Expressions that name the day itself; trusted even when the parser hangs them on a noun.
DAY_NAME_RE = re.compile(r"^(on\s+|early\s+|late\s+)*(" + "|".join(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today", "tonight")) + r")\b", re.I)
_TODAY_RE = re.compile(r"^(today|tonight|this (morning|afternoon|evening))$", re.I)


@dataclass(frozen=True)
class ResolvedDate:
    date: date
    precision: str  # day | week | month | year
    text: str


@lru_cache(maxsize=64)
def _parser(base: datetime, prefer: str = "past"):
    """One parser per publication time (articles of a batch share few distinct ones)."""
    from dateparser.date import DateDataParser

    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DAY_OF_MONTH": "first"}
    return DateDataParser(languages=["en"], settings=settings)


def resolve_date(text: str, published_at: datetime | None, prefer: str = "past") -> ResolvedDate | None:
    """Resolve one date expression; None when it is vague or cannot be placed.

    ``prefer="future"`` is for planned events ("will hold hearings on January 11").
    """
    raw = " ".join(text.split())
    cleaned = raw
    while _PREFIX_RE.match(cleaned):
        cleaned = _PREFIX_RE.sub("", cleaned, count=1)
    cleaned = cleaned.strip(" ,.")
    lowered = cleaned.lower()
    if not cleaned:
        return None
    if published_at is None and not _YEAR_RE.search(cleaned):
        return None  # relative expression with nothing to be relative to
    base = (published_at or datetime(2000, 1, 1)).replace(tzinfo=None)
    weekday = _WEEKDAY_RE.match(lowered)
    if weekday:
        which = weekday.group(1) or ("next" if prefer == "future" else None)
        return ResolvedDate(_weekday_date(base.date(), which, weekday.group(2)), "day", raw)
    if _TODAY_RE.match(lowered):
        return ResolvedDate(base.date(), "day", raw)
    month_phrase = re.fullmatch(r"(earlier |late |early )?(this|last|next) (month|year|week)", lowered)
    if month_phrase:
        which, unit = month_phrase.group(2), month_phrase.group(3)
        if unit == "month":
            d = base.date().replace(day=1)
            if which == "last":
                d = (d - timedelta(days=1)).replace(day=1)
            return ResolvedDate(d, "month", raw)
        if unit == "year":
            year = base.year - (1 if which == "last" else 0)
            return ResolvedDate(date(year, 1, 1), "year", raw)
        d = base.date() - timedelta(days=base.weekday()) - (timedelta(days=7) if which == "last" else timedelta())
        return ResolvedDate(d, "week", raw)
    if _VAGUE_RE.search(lowered) and not _AGO_RE.search(lowered):
        return None
    if _DURATION_RE.match(lowered):
        return None  # "a day (after ...)": a duration, not a point in time
    if re.fullmatch(r"(1[89]\d\d|20\d\d)", cleaned):
        return ResolvedDate(date(int(cleaned), 1, 1), "year", raw)
    try:
        data = _parser(base, prefer).get_date_data(cleaned)
    except Exception:  # dateparser raises ValueError/OverflowError on odd inputs
        return None
    if data is None or data.date_obj is None:
        return None
    period = data.period or "day"
    precision = {"time": "day", "day": "day", "week": "week", "month": "month", "year": "year"}.get(period, "day")
    if _MONTH_ONLY_RE.match(cleaned):
        precision = "month"
    d = data.date_obj.date()
    if precision == "month":
        d = d.replace(day=1)
    elif precision == "year":
        d = d.replace(month=1, day=1)
    return ResolvedDate(d, precision, raw)


def _weekday_date(today: date, which: str | None, name: str) -> date:
    """News usage: a bare weekday is the most recent one, today included ('on Friday' in a
    Friday article is that day); 'last Friday' on a Friday is a week back; 'next' looks ahead."""
    target = _WEEKDAYS.index(name)
    if which == "next":
        return today + timedelta(days=(target - today.weekday()) % 7 or 7)
    back = (today.weekday() - target) % 7
    if back == 0 and which in ("last", "previous", "past"):
        back = 7
    return today - timedelta(days=back)


class DateResolver:
    """Writes ``doc._.dates``: {(start_token, end_token): ResolvedDate} for DATE entities."""

    def __call__(self, doc: Doc) -> Doc:
        resolved = {}
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            r = resolve_date(ent.text, doc._.published_at)
            if r is not None:
                resolved[(ent.start, ent.end)] = r
        doc._.dates = resolved
        return doc


@Language.factory("eventwire_dates_v1", requires=["doc.ents"], assigns=["doc._.dates"])
def make_date_resolver(nlp: Language, name: str) -> DateResolver:
    return DateResolver()
