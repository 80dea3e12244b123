"""Resolve one date expression against the publication date P.

``resolve(text, published)`` returns a `DateValue`: an inclusive interval
``start..end`` with a precision ("day", "month", "year" or "range") and a basis
("explicit": the words fix the date by themselves, because they name a year or an ISO
date; "relative": they need P).  Without P, relative expressions give None: a date is
never invented from the clock of the machine.  Durations ("three years", "for a
month", "20 years") and ages ("45-year-old") are not dates and give None.

The rules, with P = Wednesday 2026-03-25 as the example:

Absolute (explicit)
  "2021-03-22", "22 March 2021", "March 22, 2021"          day
  "22/03/2021"                      day; day first (international news), unless the
                                    first number cannot be a month ("03/22/2021")
  "March 2021"                      month
  "2017", "fiscal 2017"             year
  "the 1990s", "the '90s"           range (the decade); "the 20th century": 1900-1999
  "the third quarter of 2019"       range (the quarter); "the first half of 2019": half
  "the summer of 2019"              range (meteorological season; winter 2019 is
                                    Dec 2018 - Feb 2019)
  "2009-2010"                       range of the years

Relative to P
  "March 22"                        that day in P's year, or the year before if it
                                    would fall after P                 -> 2026-03-22
  "Tuesday", "on Tuesday"           the latest such day on or before P -> 2026-03-24
  "last Tuesday"                    that day in the Monday-Sunday week before P's
                                    week                               -> 2026-03-17
  "this Tuesday"                    that day in P's week               -> 2026-03-24
  "next Tuesday", "this coming ..." the first such day after P         -> 2026-03-31
  "this past Tuesday"               the latest such day before P       -> 2026-03-24
  "yesterday", "today", "tonight", "tomorrow", "last night"            day
  "this/last/next week"             P's Monday-Sunday week, the one before or after
  "the weekend"                     the latest Saturday-Sunday that started on or
                                    before P; "this/last/next weekend" by week
  "this/last/next month|year"       month or year precision
  "December", "in December"         the latest December that began on or before P
  "last December"                   the latest December before P's month
  "this December" / "next December" December of P's year / the first after P
  "two days ago", "three weeks ago", "a year earlier"
                                    the day, the week (range), the month or the year
                                    that many units before P
  "the past two weeks", "the last three months"
                                    range from P minus that much to P ("few",
                                    "several" and a bare plural count 3, "many" 5);
                                    "the next ...", "the coming ..." from P on
  "now", "recently", "the future"   TimeML's PRESENT_REF, PAST_REF, FUTURE_REF as
                                    the day P, a range ending at P or one starting
                                    at P (`repwatch.nlp.datedeixis`)
  "the third quarter"               the latest Q3 that began on or before P
  "this/last/next quarter", "the latest quarter"        range (calendar quarters)
  "this/last summer", "the summer"  range (season of P's year, the latest before)
  "Christmas", "Thanksgiving 2019", "last Easter"
                                    the day of the holiday (`datecalc.HOLIDAYS`; US
                                    rules for the movable ones) in the year named, or
                                    read like "March 22"; "last"/"next" the latest
                                    before / first after P, "this" P's year

Modifiers, applied to any resolved month, year, decade or season (never to a day):
  "early/mid/late X", "the beginning/middle/end of X"  the first/middle/last third
  "earlier this month|year"         from the start of the period to P
  "later this month|year"           from P to the end of the period
  "since X"                         range from the start of X to P ("since 2019",
                                    "since March", "since the beginning of the month")

Cheap regular expressions decide everything above; dateparser (RELATIVE_BASE=P,
PREFER_DATES_FROM="past") is only a fallback for expressions they do not cover, and
only for short texts with a digit or a month name that are not durations.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from repwatch.nlp import datecalc as cal
from repwatch.nlp.datedeixis import deixis
from repwatch.nlp.datefallback import fallback
from repwatch.nlp.datewords import (
    _VAGUE,
    DAY,
    DECADE_WORDS,
    MON,
    MONTHS,
    NUM,
    NUMBERS,
    ORDINALS,
    QN,
    REL_YEAR,
    SEASON_CODES,
    TOD,
    WD,
    WEEKDAYS,
    YEAR,
    DateValue,
)

Match = re.Match[str]
P = dt.date | None
#: Which way an expression that leaves the year (or week) open is read, see `resolve`.
DIRECTIONS = ("past", "future", "nearest")
_DIRECTION: ContextVar[str] = ContextVar("direction", default="past")  # set by `_resolve`
Rule = tuple[re.Pattern[str], Callable[[Match, P], DateValue | None]]

#: Leading words that do not change the date ("on Tuesday", "in 2017").
_PREFIX = re.compile(r"^(?:on|in|during|at|as of|of|around|about|circa|sometime in) ")
_SINCE = re.compile(r"^since (?P<rest>.+)$")
_MODIFIER = re.compile(
    r"^(?:the )?(?P<mod>early|mid|late|earlier|later|beginning of|start of|end of|middle of"
    r"|early part of|latter part of|first part of)(?: |-|- )(?:the )?(?P<rest>.+)$"
)
_MOD_PART = {"early": "early", "beginning of": "early", "start of": "early",
             "early part of": "early", "first part of": "early", "mid": "mid",
             "middle of": "mid", "late": "late", "end of": "late",
             "latter part of": "late"}  # fmt: skip
#: Bases a modifier may take that are not dates on their own ("the end of the year").
_MOD_BASE = {"year": "this year", "month": "this month", "week": "this week"}
_AGE_OR_DURATION = re.compile(
    r"(?:year|month|week|day)s?[ -]old\b|\baged?\b|\bages\b|^(?:(?:about|some|nearly|almost"
    r"|more than|over|under|up to|at least|less than|just|only|the|a|an|another|few|several"
    r"|couple|of|\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|fifteen|twenty|thirty|forty|fifty|hundred)[ -])+(?:second|minute|hour|day|night|week"
    r"|month|year|decade|centur(?:y|ie))s?(?: long)?$"
)
_HAS_YEAR = re.compile(rf"(?<!\d){YEAR}(?!\d)")


def _n(word: str) -> int:
    return NUMBERS[word] if word in NUMBERS else int(word)


def _month(word: str) -> int:
    return MONTHS[word[:3]]


def _val(interval: cal.Interval, precision: str, basis: str) -> DateValue:
    return DateValue(interval[0], interval[1], precision, basis)


def _day(day: dt.date, basis: str) -> DateValue:
    return DateValue(day, day, "day", basis)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


# -- absolute ----------------------------------------------------------------------------


def _iso(m: Match, p: P) -> DateValue | None:
    day = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _day(day, "explicit") if day else None


def _numeric(m: Match, p: P) -> DateValue | None:
    a, b = int(m["a"]), int(m["b"])
    day_, month_ = (b, a) if a <= 12 < b else (a, b)  # day first unless impossible
    day = _safe_date(int(m["y"]), month_, day_)
    return _day(day, "explicit") if day else None


def _month_day(m: Match, p: P) -> DateValue | None:
    month_, d = _month(m["mon"]), int(m["d"])
    if m["y"]:
        day = _safe_date(int(m["y"]), month_, d)
        return _day(day, "explicit") if day else None
    if p is None:
        return None
    days = [day for y in (p.year - 1, p.year, p.year + 1) if (day := _safe_date(y, month_, d))]
    day = _pick(days, lambda day: (day, day), p)
    return _day(day, "relative") if day else None


def _pick(options: list[Any], interval: Callable[[Any], cal.Interval], p: dt.date) -> Any:
    """The option the direction picks: the latest not after P ("past"), the first not
    before P ("future"), or the one nearest P, the earlier on a tie ("nearest")."""
    options = sorted(options, key=lambda o: interval(o)[0])
    direction = _DIRECTION.get()
    if direction == "future":
        return next((o for o in options if interval(o)[1] >= p), None)
    if direction == "nearest":

        def distance(o: Any) -> int:
            start, end = interval(o)
            return max((start - p).days, (p - end).days, 0)

        return min(options, key=distance, default=None)
    return next((o for o in reversed(options) if interval(o)[0] <= p), None)


def _month_year(m: Match, p: P) -> DateValue | None:
    return _val(cal.month(int(m["y"]), _month(m["mon"])), "month", "explicit")


def _month_of_relative_year(m: Match, p: P) -> DateValue | None:
    if p is None:
        return None
    y = p.year + {"this": 0, "last": -1, "next": 1}[m["ry"]]
    return _val(cal.month(y, _month(m["mon"])), "month", "relative")


def _year(m: Match, p: P) -> DateValue | None:
    return _val(cal.year(int(m["y"])), "year", "explicit")


def _year_range(m: Match, p: P) -> DateValue | None:
    first, last = int(m["y"]), m["y2"]
    last_year = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
    if last_year <= first:
        return None
    return DateValue(dt.date(first, 1, 1), dt.date(last_year, 12, 31), "range", "explicit")


def _decade(m: Match, p: P) -> DateValue | None:
    if m["dec"]:
        first = int(m["dec"])
    elif m["short"]:
        short = int(m["short"])
        first = (1900 if short >= 30 else 2000) + short
    else:
        first = DECADE_WORDS[m["word"]]
    return _val(cal.decade(first), "range", "explicit")


def _century(m: Match, p: P) -> DateValue | None:
    if m["c"]:
        return _val(cal.century((int(m["c"]) - 1) * 100), "range", "explicit")
    if p is None:
        return None
    shift = {"this": 0, "last": -100, "next": 100}[m["rel"]]
    return _val(cal.century(p.year // 100 * 100 + shift), "range", "relative")


def _group(m: Match, *names: str) -> str | None:
    """The first of the named groups that the pattern has and that matched."""
    found = m.groupdict()
    return next((found[n] for n in names if found.get(n)), None)


def _year_of(m: Match, p: P) -> tuple[int, str] | None:
    """The year a quarter or half belongs to, if the text says it."""
    explicit = _group(m, "y", "y2")
    if explicit:
        return int(explicit), "explicit"
    relative = _group(m, "ry", "ry2")
    if relative and p is not None:
        return p.year + {"this": 0, "last": -1, "next": 1}[relative], "relative"
    return None


def _quarter(m: Match, p: P) -> DateValue | None:
    q_word = _group(m, "q")
    q = ORDINALS[q_word] if q_word else int(m["qd"])
    found = _year_of(m, p)
    if found is not None:
        return _val(cal.quarter(found[0], q), "range", found[1])
    if _group(m, "ry", "ry2") or p is None:
        return None
    y = p.year if cal.quarter(p.year, q)[0] <= p else p.year - 1
    return _val(cal.quarter(y, q), "range", "relative")


def _quarter_rel(m: Match, p: P) -> DateValue | None:
    if p is None:
        return None
    shift = {"this": 0, "current": 0, "last": -1, "latest": -1, "previous": -1, "past": -1,
             "next": 1, "coming": 1, "the": -1}[m["rel"]]  # fmt: skip
    y, month_ = cal.add_months(p.year, p.month, 3 * shift)
    return _val(cal.quarter(y, (month_ - 1) // 3 + 1), "range", "relative")


def _half(m: Match, p: P) -> DateValue | None:
    h = ORDINALS[m["h"]]
    found = _year_of(m, p)
    if found is not None:
        return _val(cal.half(found[0], h), "range", found[1])
    if m["ry"] or p is None:
        return None
    y = p.year if cal.half(p.year, h)[0] <= p else p.year - 1
    return _val(cal.half(y, h), "range", "relative")


# -- relative to P -----------------------------------------------------------------------


def _relative_day(m: Match, p: P) -> DateValue | None:
    if p is None:
        return None
    word = m["w"]
    offset = {"yesterday": -1, "last night": -1, "tomorrow": 1, "day before yesterday": -2,
              "day after tomorrow": 2}.get(word, 0)  # fmt: skip
    return _day(p + dt.timedelta(days=offset), "relative")


def _weekday(m: Match, p: P) -> DateValue | None:
    if p is None:
        return None
    target = WEEKDAYS.index(m["wd"])
    rel = m["rel"] or ""
    if rel == "last":
        day = cal.week(p)[0] - dt.timedelta(days=7 - target)
    elif rel == "this":
        day = cal.week(p)[0] + dt.timedelta(days=target)
    elif rel in ("next", "coming", "this coming"):
        day = p + dt.timedelta(days=(target - p.weekday() - 1) % 7 + 1)
    elif rel in ("this past", "past"):
        day = p - dt.timedelta(days=(p.weekday() - target - 1) % 7 + 1)
    else:
        before = p - dt.timedelta(days=(p.weekday() - target) % 7)
        after = before + dt.timedelta(days=7) if before < p else before
        day = _pick([before, after], lambda d: (d, d), p)
    return _day(day, "relative")


def _unit_relative(m: Match, p: P) -> DateValue | None:
    if p is None:
        return None
    rel = m["rel"] or m["rel2"]
    shift = {"this": 0, "current": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}[rel]
    unit = m["unit"]
    if unit == "week":
        return _val(cal.week(p + dt.timedelta(weeks=shift)), "range", "relative")
    if unit == "weekend":
        saturday = cal.week(p + dt.timedelta(weeks=shift))[0] + dt.timedelta(days=5)
        return DateValue(saturday, saturday + dt.timedelta(days=1), "range", "relative")
    if unit == "month":
        y, month_ = cal.add_months(p.year, p.month, shift)
        return _val(cal.month(y, month_), "month", "relative")
    if unit == "year":
        return _val(cal.year(p.year + shift), "year", "relative")
    return _val(cal.decade(p.year // 10 * 10 + 10 * shift), "range", "relative")


def _year_end(m: Match, p: P) -> DateValue | None:
    if p is None:
        return None
    return _modified("end of", _val(cal.year(p.year), "year", "relative"), p)


def _weekend(m: Match, p: P) -> DateValue | None:
    if p is None:
        return None
    saturday = cal.week(p)[0] + dt.timedelta(days=5)
    if saturday > p:
        saturday -= dt.timedelta(weeks=1)
    return DateValue(saturday, saturday + dt.timedelta(days=1), "range", "relative")


def _ago(m: Match, p: P) -> DateValue | None:
    if p is None:
        return None
    n, unit = _n(m["n"]), m["unit"]
    sign = 1 if m["dir"] == "from now" else -1
    day = cal.shift_date(p, unit, sign * n)
    if unit == "day":
        return _day(day, "relative")
    if unit == "week":
        return _val(cal.week(day), "range", "relative")
    if unit == "month":
        return _val(cal.month(day.year, day.month), "month", "relative")
    return _val(cal.year(day.year), "year", "relative")


def _past_n(m: Match, p: P) -> DateValue | None:
    if p is None:
        return None
    n = _VAGUE[m["vague"]] if m["vague"] else _n(m["n"]) if m["n"] else 1
    if not (m["vague"] or m["n"]) and m.group().endswith("s"):
        n = 3  # "the coming months", "in the past weeks"
    if m["rel"] in ("next", "coming"):
        return DateValue(p, cal.shift_date(p, m["unit"], n), "range", "relative")
    return DateValue(cal.shift_date(p, m["unit"], -n), p, "range", "relative")


def _month_alone(m: Match, p: P) -> DateValue | None:
    if p is None:
        return None
    target, rel = _month(m["mon"]), m["rel"] or ""
    if rel == "this":
        y = p.year
    elif rel == "next":
        y = p.year if target > p.month else p.year + 1
    elif rel in ("last", "this past", "past"):
        y = p.year if target < p.month else p.year - 1
    else:
        months = [cal.month(y, target) for y in (p.year - 1, p.year, p.year + 1)]
        return _val(_pick(months, lambda i: i, p), "month", "relative")
    return _val(cal.month(y, target), "month", "relative")


def _season(m: Match, p: P) -> DateValue | None:
    code = SEASON_CODES[m["s"]]
    if m["y"]:
        return _val(cal.season(int(m["y"]), code), "range", "explicit")
    if p is None:
        return None
    rel = m["rel"] or ""
    if rel == "this":
        y = p.year
    elif rel == "next":
        y = p.year + 1 if cal.season(p.year, code)[0] <= p else p.year
    else:  # the latest that began on or before P ("last": that ended before P)
        y = p.year if cal.season(p.year, code)[0] <= p else p.year - 1
        if rel in ("last", "past", "this past") and cal.season(y, code)[1] >= p:
            y -= 1
    return _val(cal.season(y, code), "range", "relative")


def _holiday(m: Match, p: P) -> DateValue | None:
    name = m["hol"]
    if m["y"]:
        return _day(cal.holiday(name, int(m["y"])), "explicit")
    if p is None:
        return None
    rel = m["rel"] or ""
    days = [cal.holiday(name, y) for y in (p.year - 1, p.year, p.year + 1)]
    if rel == "last":
        day = max(d for d in days if d < p)
    elif rel == "next":
        day = min(d for d in days if d > p)
    elif rel == "this":
        day = days[1]
    else:
        day = _pick(days, lambda d: (d, d), p)
    return _day(day, "relative") if day else None


HOLIDAY = (
    "(?P<hol>" + "|".join(re.escape(h) for h in sorted(cal.HOLIDAYS, key=len, reverse=True)) + ")"
)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


#: Tried in order against the whole normalised text; the first full match decides.
RULES: tuple[Rule, ...] = (
    (_compile(rf"(?P<y>{YEAR})[-/](?P<m>\d\d?)[-/](?P<d>\d\d?)"), _iso),
    (_compile(rf"(?P<a>\d\d?)[/.](?P<b>\d\d?)[/.](?P<y>{YEAR})"), _numeric),
    (_compile(rf"(?:{WD},? )?(?:the )?{MON} {DAY}(?:,? (?P<y>{YEAR}))?{TOD}"), _month_day),
    (_compile(rf"(?:{WD},? )?(?:the )?{DAY} (?:of )?{MON},?(?: (?P<y>{YEAR}))?"), _month_day),
    (_compile(rf"{MON},?(?: of)? (?P<y>{YEAR})"), _month_year),
    (_compile(rf"{MON},?(?: of)? {REL_YEAR}"), _month_of_relative_year),
    (_compile(rf"(?:the )?(?:(?:fiscal|calendar)(?: year)? |year )?(?P<y>{YEAR})"), _year),
    (_compile(rf"(?:from )?(?P<y>{YEAR}) ?(?:-|to|through|until) ?(?P<y2>{YEAR}|\d\d)"),
     _year_range),
    (_compile(r"(?:the )?(?:(?P<dec>(?:1\d|20)\d0)'?s|'(?P<short>\d0)s|(?P<word>[a-z]+ties))"),
     _decade),
    (_compile(r"(?:the )?(?:(?P<c>\d\d?)(?:st|nd|rd|th)|(?P<rel>this|last|next)) century"),
     _century),
    (_compile(rf"(?:the )?(?:(?P<y>{YEAR})(?:'s)? |{REL_YEAR}'s )?(?:fiscal[- ])?{QN}[- ]"
              rf"(?:fiscal[- ])?quarter(?: of (?:fiscal )?(?:(?P<y2>{YEAR})|(?P<ry2>this|last"
              r"|next) year))?"), _quarter),
    (_compile(rf"q(?P<qd>[1-4])(?: (?P<y>{YEAR}))?"), _quarter),
    (_compile(r"(?:the )?(?P<rel>this|current|last|latest|previous|past|next|coming|the)"
              r" (?:fiscal )?quarter"), _quarter_rel),
    (_compile(r"(?:the )?(?P<rel>this )?year(?:'s)?[- ]end"),
     _year_end),
    (_compile(rf"(?:the )?(?P<h>first|second) half(?: of (?:(?P<y>{YEAR})|{REL_YEAR}))?"),
     _half),
    (_compile(r"(?:(?:late|early) )?(?:the )?(?P<w>yesterday|today|tonight|tomorrow"
              r"|last night|day before yesterday|day after tomorrow|this morning"
              rf"|this afternoon|this evening){TOD}"), _relative_day),
    (_compile(rf"(?:(?P<rel>last|next|this|this coming|this past|past|coming) )?{WD}{TOD}"),
     _weekday),
    (_compile(r"(?:(?P<rel>this|last|next)|the (?P<rel2>current|previous|coming))"
              r" (?P<unit>week|weekend|month|year|decade)"), _unit_relative),
    (_compile(r"(?:the |over the |this )?weekend"), _weekend),
    (_compile(rf"{NUM} (?P<unit>day|week|month|year|decade)s? (?P<dir>ago|earlier|from now)"),
     _ago),
    (_compile(rf"(?:(?:over|in|during|for) )?(?:the )?(?P<rel>past|last|previous|next|coming)"
              rf" (?:(?P<vague>few|several|couple of|many) |{NUM} )?"
              r"(?P<unit>day|week|month|year|decade)s?"), _past_n),
    (_compile(rf"(?:(?P<rel>last|this|next) )?{HOLIDAY}(?:,? (?P<y>{YEAR}))?"), _holiday),
    (_compile(rf"(?:(?P<rel>last|this|next|this past|past) )?{MON}"), _month_alone),
    (_compile(r"(?:(?P<rel>last|this|next|this past|past|the) )?"
              rf"(?P<s>spring|summer|fall|autumn|winter)(?: of)?(?: (?P<y>{YEAR}))?"), _season),
)  # fmt: skip


# -- composition -------------------------------------------------------------------------


def _normalise(text: str) -> str:
    t = text.lower().replace("’", "'").replace("–", "-").replace("—", "-")
    t = re.sub(r"\s+", " ", t).strip(' ,.;:()"')
    while True:
        stripped = _PREFIX.sub("", t)
        if stripped == t:
            return t
        t = stripped


def _modified(mod: str, base: DateValue, p: P) -> DateValue | None:
    interval = (base.start, base.end)
    if base.precision == "day":
        return base  # "late yesterday" is still yesterday
    if mod in ("earlier", "later"):
        if p is None or not base.start <= p <= base.end:
            return None
        return DateValue(*((base.start, p) if mod == "earlier" else (p, base.end)),
                         "range", base.basis)  # fmt: skip
    start, end = cal.part(interval, _MOD_PART[mod])
    return DateValue(start, end, "range", base.basis)


def _by_rules(t: str, p: P) -> DateValue | None:
    for pattern, handler in RULES:
        m = pattern.fullmatch(t)
        if m is not None:
            return handler(m, p)
    return None


def resolve(text: str, published: dt.date | None, direction: str = "past") -> DateValue | None:
    """The date `text` names, resolved against the publication date (see module doc).

    `direction` says how to read a month and day, a month or a weekday that names no
    year or week: "past" (the default, the rules above), "future" (the first such
    day or month on or after P: "will appear in court on Tuesday") or "nearest" (the
    one closest to P).  `repwatch.nlp.dates` picks it from the tense of the clause.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    return _resolve(text, published, direction)


@lru_cache(maxsize=8192)
def _resolve(text: str, published: dt.date | None, direction: str) -> DateValue | None:
    token = _DIRECTION.set(direction)
    try:
        return _decide(_normalise(text), published, direction)
    finally:
        _DIRECTION.reset(token)


def _decide(t: str, published: dt.date | None, direction: str) -> DateValue | None:
    if not t or _AGE_OR_DURATION.search(t):
        return None
    since = _SINCE.match(t)
    if since is not None:
        base = _resolve(since["rest"], published, direction)
        if published is None or base is None or base.start > published:
            return None
        return DateValue(base.start, published, "range", "relative")
    value = _by_rules(t, published)
    if value is not None:
        return value
    near = deixis(t, published)
    if near is not None:
        return DateValue(*near, "day" if near[0] == near[1] else "range", "relative")
    mod = _MODIFIER.match(t)
    if mod is not None:
        rest = _MOD_BASE.get(mod["rest"], mod["rest"])
        base = _resolve(rest, published, direction)
        return _modified(mod["mod"], base, published) if base is not None else None
    if any(pattern.fullmatch(t) for pattern, _ in RULES):
        return None  # a rule recognised the words but could not resolve them
    return fallback(t, published)
