"""The words and value type the date rules share: month, weekday and number words,
regex fragments for them, and `DateValue`, what a resolved expression is.

Kept apart from `dateresolve` (the rules) so each module stays small.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

PRECISIONS = ("day", "month", "year", "range")
BASES = ("explicit", "relative")


@dataclass(frozen=True)
class DateValue:
    """An inclusive interval of days with how precisely, and how, the text fixes it."""

    start: dt.date
    end: dt.date
    precision: str  # one of PRECISIONS
    basis: str  # one of BASES

    @property
    def value(self) -> str:
        """ISO 8601 text: ``2026-03-24``, ``2026-03``, ``2026`` or ``start/end``."""
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return self.start.isoformat()[:7]
        if self.precision == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
          "sep": 9, "oct": 10, "nov": 11, "dec": 12}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4}  # fmt: skip
DECADE_WORDS = {"twenties": 1920, "thirties": 1930, "forties": 1940, "fifties": 1950,
                "sixties": 1960, "seventies": 1970, "eighties": 1980, "nineties": 1990}  # fmt: skip
SEASON_CODES = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

MON = (r"(?P<mon>jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?\.?"
       r"|july?\.?|aug(?:ust|\.)?|sep(?:t(?:ember)?)?\.?|oct(?:ober|\.)?|nov(?:ember|\.)?"
       r"|dec(?:ember|\.)?)")  # fmt: skip
YEAR = r"(?:1\d|2[01])\d\d"
DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
TOD = r"(?: (?:morning|afternoon|evening|night|noon|overnight))?"
NUM = r"(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})"
QN = r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)"
REL_YEAR = r"(?P<ry>this|last|next) year"
#: How many units "the past few days" and the like stand for.
_VAGUE = {"few": 3, "several": 3, "couple of": 2, "many": 5}
