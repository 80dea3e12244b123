"""The last resort of `dateresolve`: dateparser, for short texts with a digit or a
month name that none of our own rules decided.  It is slow, so it stays off the hot
path; its warnings are silenced here.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from functools import lru_cache
from typing import Any

from repwatch.nlp import datecalc as cal
from repwatch.nlp.datewords import YEAR, DateValue

_DATEPARSER_CUE = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")
_HAS_YEAR = re.compile(rf"(?<!\d){YEAR}(?!\d)")


@lru_cache(maxsize=64)
def _parser(published: dt.date | None) -> Any:
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time(12))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return DateDataParser(languages=["en"], settings=settings)


def fallback(t: str, published: dt.date | None) -> DateValue | None:
    """dateparser, for short texts with a digit or month name that no rule decided."""
    if len(t) > 40 or not _DATEPARSER_CUE.search(t):
        return None
    explicit = bool(_HAS_YEAR.search(t))
    if published is None and not explicit:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = _parser(published).get_date_data(t)
    if data is None or data.date_obj is None:
        return None
    day = data.date_obj.date()
    basis = "explicit" if explicit else "relative"
    period = data.period or "day"
    if period == "month":
        return _val(cal.month(day.year, day.month), "month", basis)
    if period == "year":
        return _val(cal.year(day.year), "year", basis)
    if period == "week":
        return _val(cal.week(day), "range", basis)
    return _day(day, basis)


def _val(interval: cal.Interval, precision: str, basis: str) -> DateValue:
    return DateValue(interval[0], interval[1], precision, basis)


def _day(day: dt.date, basis: str) -> DateValue:
    return DateValue(day, day, "day", basis)
