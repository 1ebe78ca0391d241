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
_PREFIX_RE = re.compile(r"^(on|in|at|since|by|from|during|until|till|early|late|earlier|later)\s+", re.I)
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
    end: date | None = None  # last day of a range ("January 11 and 12")


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
    relative = _relative_period(lowered, base.date())
    if relative is not None:
        return ResolvedDate(relative[0], relative[1], raw)
    if _VAGUE_RE.search(lowered) and not _AGO_RE.search(lowered):
        return None
    if _DURATION_RE.match(lowered):
        return None  # "a day (after ...)": a duration, not a point in time
    if re.fullmatch(r"(1[89]\d\d|20\d\d)", cleaned):
        return ResolvedDate(date(int(cleaned), 1, 1), "year", raw)
    ranged = _range(lowered, base.date(), prefer, raw)
    if ranged is not None:
        return ranged
    yearless = _YEARLESS_RE.match(lowered)
    if yearless:
        return _nearest_yearless(yearless, base.date(), prefer, raw)
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
    if _AGO_RE.search(lowered) and re.search(r"\b(day|week)s?\b", lowered):
        precision = "day"  # "a week ago" is a day, seven days back
    d = data.date_obj.date()
    if precision == "month":
        d = d.replace(day=1)
    elif precision == "year":
        d = d.replace(month=1, day=1)
    return ResolvedDate(d, precision, raw)


_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december")
_MONTH_INDEX = {name: i + 1 for i, name in enumerate(_MONTH_NAMES)} | {
    name[:3]: i + 1 for i, name in enumerate(_MONTH_NAMES)} | {"sept": 9}
# "March 3", "3 March", "early June", "last September": a month (and day) with no year.
_YEARLESS_RE = re.compile(
    r"^(?:(?P<which>last|this|next|early|late|mid-?|the end of|the beginning of|the start of)\s*)?"
    r"(?:(?P<day1>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?P<month>" + "|".join(_MONTH_INDEX) + r")\.?"
    r"(?:\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?)?$")


def _nearest_yearless(match: re.Match, today: date, prefer: str, raw: str) -> ResolvedDate | None:
    """The occurrence of a yearless date nearest to publication (news speaks of the recent past
    and the near future); 'last'/'next' force the direction, ``prefer`` breaks near-ties."""
    month = _MONTH_INDEX[match.group("month")]
    day = int(match.group("day1") or match.group("day2") or 0)
    which = (match.group("which") or "").strip()
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day or 1))
        except ValueError:
            continue
    if which == "last":
        candidates = [c for c in candidates if (c.year, c.month) < (today.year, today.month)]
    elif which == "next":
        candidates = [c for c in candidates if (c.year, c.month) > (today.year, today.month)]
    if not candidates:
        return None
    # Distance in days; the preferred direction gets an allowance: news mostly reports the
    # past, so a bare month ("in February") goes back up to half a year before it looks ahead.
    allowance = 183 if day == 0 else 3
    def distance(c: date) -> int:
        delta = (c - today).days if day else ((c.year - today.year) * 12 + c.month - today.month) * 30
        favoured = delta <= 0 if prefer == "past" else delta >= 0
        return abs(delta) - (allowance if favoured else 0)
    best = min(candidates, key=distance)
    return ResolvedDate(best, "day" if day else "month", raw)


_MONTH_ALT = "|".join(_MONTH_INDEX)
_RANGE_RES = (
    # "January 11 and 12", "March 3-5", "May 10 to 12, 2024"
    re.compile(rf"^(?:from |between )?(?P<month>{_MONTH_ALT})\.? (?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|and|to|through)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<year>\d{{4}}))?$"),
    # "11 and 12 January", "3-5 March 2024"
    re.compile(rf"^(?:from |between )?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|and|to|through)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<month>{_MONTH_ALT})\.?(?:,? (?P<year>\d{{4}}))?$"),
)


def _range(lowered: str, today: date, prefer: str, raw: str) -> ResolvedDate | None:
    """Day ranges within one month: the date is the first day, ``end`` the last."""
    for pattern in _RANGE_RES:
        match = pattern.match(lowered)
        if not match:
            continue
        month, d1, d2 = _MONTH_INDEX[match.group("month")], int(match.group("d1")), int(match.group("d2"))
        if match.group("year"):
            year = int(match.group("year"))
        else:
            probe = _nearest_yearless(_YEARLESS_RE.match(f"{match.group('month')} {d1}"), today, prefer, raw)
            if probe is None:
                return None
            year = probe.date.year
        try:
            start, end = date(year, month, d1), date(year, month, d2)
        except ValueError:
            return None
        return ResolvedDate(start, "day", raw, end=end) if end >= start else None
    return None


_PERIOD_RE = re.compile(
    r"^(?:(?:earlier|later|late|early) |(?:the )?(?:beginning|start|end|middle) of )?"
    r"(?P<which>this|last|next|the past|the previous|the coming) (?P<unit>week|month|year)$")


_SAME_DAY_RE = re.compile(r"^(?:earlier|later|early|late) (?:in )?the day$|^(?:earlier|later) today$")
_THIS_PERIOD_RE = re.compile(r"^(?:(?:the )?(?:beginning|start|end|middle) of|later in|earlier in|in) the (?P<unit>week|month|year)$")
_MONTH_OF_YEAR_RE = re.compile(rf"^(?P<month>{'|'.join(_MONTH_INDEX)}) (?P<which>last|this|next) year$")


def _relative_period(lowered: str, today: date) -> tuple[date, str] | None:
    """'last week', 'earlier this month', 'next year', 'the end of last year', 'April last
    year', 'later in the week' (the week of publication), 'earlier in the day'."""
    if _SAME_DAY_RE.match(lowered):
        return today, "day"
    this = _THIS_PERIOD_RE.match(lowered)
    if this:
        lowered = f"this {this.group('unit')}"
    month_of = _MONTH_OF_YEAR_RE.match(lowered)
    if month_of:
        year = today.year + {"last": -1, "this": 0, "next": 1}[month_of.group("which")]
        return date(year, _MONTH_INDEX[month_of.group("month")], 1), "month"
    match = _PERIOD_RE.match(lowered)
    if not match:
        return None
    which, unit = match.group("which"), match.group("unit")
    step = {"this": 0, "last": -1, "the past": -1, "the previous": -1, "next": 1, "the coming": 1}[which]
    if unit == "week":
        monday = today - timedelta(days=today.weekday())
        return monday + timedelta(days=7 * step), "week"
    if unit == "month":
        index = today.year * 12 + today.month - 1 + step
        return date(index // 12, index % 12 + 1, 1), "month"
    return date(today.year + step, 1, 1), "year"


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
