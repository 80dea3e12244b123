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
    """A third of `interval`: "early" (first), "mid" (middle) or "late" (last).

    Cut on calendar lines: whole years for a span of years (the early 1990s are
    1990-1992), whole months for a span of months (early 2020 is January-April), days
    otherwise (early March is the 1st-10th).
    """
    start, end = interval
    if start.month == 1 and start.day == 1 and (end.month, end.day) == (12, 31):
        count = end.year - start.year + 1
        if count >= 3:
            lo, hi = _thirds(count, which)
            return dt.date(start.year + lo, 1, 1), dt.date(start.year + hi, 12, 31)
    if start.day == 1 and end == month_end(end.year, end.month):
        count = (end.year - start.year) * 12 + end.month - start.month + 1
        if count >= 3:
            lo, hi = _thirds(count, which)
            first, last = (
                add_months(start.year, start.month, lo),
                add_months(start.year, start.month, hi),
            )
            return dt.date(first[0], first[1], 1), month_end(*last)
    lo, hi = _thirds((end - start).days + 1, which)
    return start + dt.timedelta(days=lo), start + dt.timedelta(days=hi)


def _thirds(count: int, which: str) -> tuple[int, int]:
    """First and last index (0-based, inclusive) of a third of `count` units."""
    k = max(round(count / 3), 1)
    if which == "early":
        return 0, k - 1
    if which == "late":
        return count - k, count - 1
    return k, count - k - 1


def _nth_weekday(year_: int, month_: int, weekday: int, n: int) -> dt.date:
    """The `n`-th (1-based; -1 the last) `weekday` (Monday 0) of the month."""
    if n < 0:
        last = month_end(year_, month_)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year_, month_, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def easter(year_: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year_ % 19, year_ // 100, year_ % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (h + m - 7 * ((a + 11 * h + 19 * m) // 433) + 90) // 25
    return dt.date(year_, n, (h + m - 7 * ((a + 11 * h + 19 * m) // 433) + 33 * n + 19) % 32)


def holiday(name: str, year_: int) -> dt.date:
    """The day of a holiday in `HOLIDAYS` (US dates for the movable ones) in `year_`."""
    name = {"thanksgiving day": "thanksgiving", "easter sunday": "easter"}.get(name, name)
    fixed = HOLIDAYS[name]
    if fixed is not None:
        return dt.date(year_, *fixed)
    if name == "thanksgiving":
        return _nth_weekday(year_, 11, 3, 4)
    if name == "labor day":
        return _nth_weekday(year_, 9, 0, 1)
    if name == "memorial day":
        return _nth_weekday(year_, 5, 0, -1)
    if name == "election day":
        return _nth_weekday(year_, 11, 0, 1) + dt.timedelta(days=1)
    return easter(year_) + dt.timedelta(days={"easter": 0, "good friday": -2}[name])


#: Holiday name -> (month, day), or None for a movable one `holiday` computes.
HOLIDAYS: dict[str, tuple[int, int] | None] = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "independence day": (7, 4),
    "the fourth of july": (7, 4), "fourth of july": (7, 4), "halloween": (10, 31),
    "valentine's day": (2, 14), "thanksgiving": None, "thanksgiving day": None,
    "labor day": None, "memorial day": None, "election day": None, "easter": None,
    "easter sunday": None, "good friday": None,
}  # fmt: skip
