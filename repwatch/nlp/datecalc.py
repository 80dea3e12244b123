"""Calendar arithmetic the date rules share: months, ISO weeks, quarters, seasons.

Every function returns an inclusive ``(first day, last day)`` interval or a single
``datetime.date``; nothing here knows about text.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt

Interval = tuple[dt.date, dt.date]

#: Meteorological seasons (northern hemisphere): first month and length in months.
#: Winter ``Y`` is December of ``Y - 1`` to February of ``Y``, as in TimeML's ``1994-WI``.
SEASONS: dict[str, tuple[int, int]] = {"SP": (3, 3), "SU": (6, 3), "FA": (9, 3), "WI": (12, 3)}


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _cal.monthrange(year, month)[1])


def month(year: int, m: int) -> Interval:
    return dt.date(year, m, 1), month_end(year, m)


def year(y: int) -> Interval:
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def add_months(year_: int, month_: int, n: int) -> tuple[int, int]:
    """(year, month) `n` months after (before, if negative) the given month."""
    index = year_ * 12 + month_ - 1 + n
    return index // 12, index % 12 + 1


def shift_date(day: dt.date, unit: str, n: int) -> dt.date:
    """`day` moved `n` units ("day", "week", "month", "year", "decade"), day clamped."""
    if unit == "day":
        return day + dt.timedelta(days=n)
    if unit == "week":
        return day + dt.timedelta(weeks=n)
    months = {"month": 1, "year": 12, "decade": 120}[unit] * n
    y, m = add_months(day.year, day.month, months)
    return dt.date(y, m, min(day.day, month_end(y, m).day))


def week(day: dt.date) -> Interval:
    """The Monday-to-Sunday week that contains `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def iso_week(year_: int, number: int) -> Interval:
    monday = dt.date.fromisocalendar(year_, number, 1)
    return monday, monday + dt.timedelta(days=6)


def quarter(year_: int, q: int) -> Interval:
    return dt.date(year_, 3 * q - 2, 1), month_end(year_, 3 * q)


def half(year_: int, h: int) -> Interval:
    return dt.date(year_, 6 * h - 5, 1), month_end(year_, 6 * h)


def season(year_: int, code: str) -> Interval:
    first, length = SEASONS[code]
    start_year = year_ - 1 if code == "WI" else year_
    last_y, last_m = add_months(start_year, first, length - 1)
    return dt.date(start_year, first, 1), month_end(last_y, last_m)


def decade(first_year: int) -> Interval:
    return dt.date(first_year, 1, 1), dt.date(first_year + 9, 12, 31)


def century(first_year: int) -> Interval:
    return dt.date(first_year, 1, 1), dt.date(first_year + 99, 12, 31)


def part(interval: Interval, which: str) -> Interval:
    """A third of `interval`: "early" (first), "mid" (middle) or "late" (last)."""
    start, end = interval
    days = (end - start).days + 1
    third = max(days // 3, 1)
    if which == "early":
        return start, start + dt.timedelta(days=third - 1)
    if which == "late":
        return end - dt.timedelta(days=third - 1), end
    return start + dt.timedelta(days=third), end - dt.timedelta(days=third)
