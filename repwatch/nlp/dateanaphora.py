"""Anaphoric date expressions, resolved against the last date mentioned before them.

"a year earlier", "the year-ago quarter", "that quarter", "the following year", "the
same day", "the previous month", "a week later" name a date relative to the most
recent date the text mentioned before them (the *reference*), not to the publication
date P; with no earlier date in the document, P (as a day) is the reference.

`reference_unit` says what a resolved date is: a "day", "week", "month", "quarter",
"year", or None for anything else (a range such as "the past two weeks", "since
2019", "recently"), which is never a reference.  `resolve_anaphor(text, ref)` then:

  "the same day|week|month|quarter|year", "that day|...", "the day|... before/after"
      that unit containing the reference, shifted by 0, -1 or +1
  "the following|next|previous|preceding|prior X"   that unit shifted by +1 or -1
  "later that year", "earlier that month"           the unit containing the reference
  "N units earlier|later" ("a year earlier", "a week later")
      the reference shifted by N units: a year shift keeps the reference's own unit
      when it is finer (a quarter a year earlier is that quarter a year before),
      otherwise the result is the unit named
  "year-earlier", "year-ago", "the year-ago quarter", "the year-earlier period",
  "the comparable year-ago quarter", "the quarter a year ago"
      the reference's unit (a quarter for "quarter"/"period") a year before
  "a year ago"                 only when the reference is a quarter: that quarter a
                                year before (the earnings-report convention);
                                otherwise None, and `dateresolve` reads it against P

`is_anaphor(text)` says whether the words are one of these.
"""

from __future__ import annotations

import datetime as dt
import re

from repwatch.nlp import datecalc as cal
from repwatch.nlp.datewords import NUMBERS, DateValue

UNITS = ("day", "week", "month", "quarter", "year")
_NUM = r"(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})"
_U = r"(?P<unit>day|week|month|quarter|year)"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(p))
    for kind, p in (
        ("same", rf"(?:the )?same {_U}"),
        ("same", rf"that (?:same )?{_U}"),
        ("same", rf"the {_U} (?P<ba>before|after)"),
        ("shift", rf"the (?P<rel>following|next|previous|preceding|prior) {_U}"),
        ("same", rf"(?:later|earlier) (?:that|in that|in the same) {_U}"),
        ("units", rf"{_NUM} {_U}s? (?P<dir>earlier|later|before|after)"),
        ("yearago", r"(?:the )?(?:comparable |corresponding |same )?year[- ](?:ago|earlier)"
                    r"(?: (?:third |second |first |fourth |fiscal )?(?P<unit>quarter|period))?"),
        ("yearago", r"(?:the )?(?P<unit>quarter|period) (?:a year (?:ago|earlier)|of last year)"),
        ("ago", r"a year ago"),
    )
)  # fmt: skip
#: For `repwatch.nlp.dates.SEARCH`: where such words may be (case-insensitive).
SEARCH = (
    r"\b(?:the\s+)?(?:same\s+|following\s+|previous\s+|preceding\s+|prior\s+)"
    r"(?:day|week|month|quarter|year)\b"
    r"|\bthat\s+(?:same\s+)?(?:day|week|month|quarter|year)\b"
    r"|\b(?:later|earlier)\s+(?:in\s+)?that\s+(?:day|week|month|quarter|year)\b"
    r"|\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})\s+"
    r"(?:day|week|month|quarter|year)s?\s+(?:later|after)\b"
    r"|\b(?:the\s+)?(?:comparable\s+|corresponding\s+)?year[-\s](?:ago|earlier)\b"
    r"(?:\s+(?:(?:first|second|third|fourth|fiscal)\s+)?(?:quarter|period)\b)?"
)


def _norm(text: str) -> str:
    t = text.lower().replace("’", "'")
    t = re.sub(r"\s+", " ", t).strip(' ,.;:()"')
    return re.sub(r"^(?:in|on|during|for|of|by) ", "", t)


def is_anaphor(text: str) -> bool:
    t = _norm(text)
    return any(p.fullmatch(t) for _, p in _PATTERNS)


def reference_unit(value: DateValue) -> str | None:
    """The calendar unit a resolved date is, or None when it is no single unit."""
    s, e = value.start, value.end
    if s == e:
        return "day"
    if (s, e) == cal.week(s):
        return "week"
    if (s, e) == cal.month(s.year, s.month):
        return "month"
    if s.month in (1, 4, 7, 10) and (s, e) == cal.quarter(s.year, (s.month - 1) // 3 + 1):
        return "quarter"
    if (s, e) == cal.year(s.year):
        return "year"
    return None


def unit_of(day: dt.date, unit: str, shift: int = 0) -> DateValue:
    """The `unit` containing `day`, moved `shift` units."""
    if unit == "day":
        d = day + dt.timedelta(days=shift)
        return DateValue(d, d, "day", "relative")
    if unit == "week":
        return DateValue(*cal.week(day + dt.timedelta(weeks=shift)), "range", "relative")
    if unit == "month":
        y, m = cal.add_months(day.year, day.month, shift)
        return DateValue(*cal.month(y, m), "month", "relative")
    if unit == "quarter":
        y, m = cal.add_months(day.year, day.month, 3 * shift)
        return DateValue(*cal.quarter(y, (m - 1) // 3 + 1), "range", "relative")
    return DateValue(*cal.year(day.year + shift), "year", "relative")


def resolve_anaphor(text: str, ref: DateValue) -> DateValue | None:
    """The date anaphoric `text` names relative to the reference date `ref`."""
    t = _norm(text)
    ref_unit = reference_unit(ref) or "day"
    for kind, pattern in _PATTERNS:
        m = pattern.fullmatch(t)
        if m is None:
            continue
        groups = m.groupdict()
        unit = groups.get("unit")
        if kind == "same":
            shift = {"before": -1, "after": 1}.get(groups.get("ba") or "", 0)
            return unit_of(ref.start, unit or ref_unit, shift)
        if kind == "shift":
            shift = 1 if m["rel"] in ("following", "next") else -1
            return unit_of(ref.start, unit or ref_unit, shift)
        if kind == "units":
            n = NUMBERS.get(m["n"]) or int(m["n"])
            sign = 1 if m["dir"] in ("later", "after") else -1
            if unit == "year" and UNITS.index(ref_unit) < UNITS.index("year"):
                return unit_of(cal.shift_date(ref.start, "year", sign * n), ref_unit)
            if unit == "quarter":
                return unit_of(ref.start, "quarter", sign * n)
            return unit_of(cal.shift_date(ref.start, unit or "day", sign * n), unit or "day")
        if kind == "yearago":
            target = "quarter" if unit in ("quarter", "period") else ref_unit
            if target == "quarter" and ref_unit in ("day", "week", "month"):
                target = ref_unit if unit is None else "quarter"
            return unit_of(cal.shift_date(ref.start, "year", -1), target)
        if kind == "ago":
            if ref_unit != "quarter":
                return None
            return unit_of(cal.shift_date(ref.start, "year", -1), "quarter")
    return None
