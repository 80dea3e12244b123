"""Deictic time words ("now", "recently", "the future") as concrete ranges around P.

TimeML gives these no calendar value, only ``PRESENT_REF``, ``PAST_REF`` or
``FUTURE_REF``.  A `repwatch.nlp.dates.DateSpan` is always a concrete range of days,
so `deixis` turns each into one, relative to the publication date P:

present (the day P): "now", "right now", "just now", "currently", "at present",
  "presently", "at the moment", "these days", "nowadays", "current" (adjective)
past (a range ending at P, starting this long before it):
  "recent days" 1 week; "recent weeks" 1 month; "recently", "more recently",
  "lately", "recent months" 3 months; "the recent past" 1 year; "recent years"
  5 years; "recent decades" 30 years; "the past", "in the past", "formerly",
  "years past" 10 years
future (a range starting at P, ending this long after it):
  "soon" 3 months; "the near future", "the near term", "the short term" 1 year;
  "the future", "the foreseeable future", "the long term" 10 years;
  "upcoming/future days|weeks|months|quarters|years|decades" and "the days|...
  ahead|to come" 1 week, 1 month, 6 months, 1 year, 5 years, 30 years
  ("the coming months" is `dateresolve`'s "the next ..." rule: 3 months)

The lengths are conventions, not readings of the text: they only say which side of P
the words point to and roughly how far.  Without P the words give None.
"""

from __future__ import annotations

import datetime as dt
import re

from repwatch.nlp import datecalc as cal

Interval = cal.Interval

#: Normalised text (lower case, no leading "in", "on" ...) -> (sign, unit, count):
#: sign 0 is the day P, -1 a range ending at P, +1 a range starting at P.
_PRESENT = ("now", "right now", "just now", "currently", "at present", "present", "presently",
            "the present", "at the moment", "these days", "nowadays", "current")  # fmt: skip
_PHRASES: dict[str, tuple[int, str, int]] = {
    **{w: (0, "day", 0) for w in _PRESENT},
    "recent days": (-1, "week", 1),
    "recent weeks": (-1, "month", 1),
    "recently": (-1, "month", 3),
    "more recently": (-1, "month", 3),
    "most recently": (-1, "month", 3),
    "until recently": (-1, "month", 3),
    "lately": (-1, "month", 3),
    "recent months": (-1, "month", 3),
    "recent years": (-1, "year", 5),
    "recent decades": (-1, "decade", 3),
    "the past": (-1, "year", 10),
    "the recent past": (-1, "year", 1),
    "formerly": (-1, "year", 10),
    "years past": (-1, "year", 10),
    "soon": (1, "month", 3),
    "the near future": (1, "year", 1),
    "the near term": (1, "year", 1),
    "the short term": (1, "year", 1),
    "the future": (1, "year", 10),
    "future": (1, "year", 10),
    "the foreseeable future": (1, "year", 10),
    "the long term": (1, "year", 10),
}
#: "(the) coming/next few days", "the years ahead", "future years" ...
_AHEAD = re.compile(
    r"(?:the )?(?:(?:coming|upcoming|future) (?P<u1>day|week|month|quarter|year|decade)s"
    r"|(?P<u2>day|week|month|quarter|year|decade)s (?:ahead|to come))"
)
_AHEAD_SPAN = {"day": ("week", 1), "week": ("month", 1), "month": ("month", 6),
               "quarter": ("year", 1), "year": ("year", 5), "decade": ("decade", 3)}  # fmt: skip


def deixis(t: str, p: dt.date | None) -> Interval | None:
    """The days the deictic words `t` (normalised, see `dateresolve`) name, or None."""
    if p is None:
        return None
    found = _PHRASES.get(t)
    if found is None:
        m = _AHEAD.fullmatch(t)
        if m is None:
            return None
        unit, n = _AHEAD_SPAN[m["u1"] or m["u2"]]
        found = (1, unit, n)
    sign, unit, n = found
    if sign == 0:
        return p, p
    if sign < 0:
        return cal.shift_date(p, unit, -n), p
    return p, cal.shift_date(p, unit, n)
