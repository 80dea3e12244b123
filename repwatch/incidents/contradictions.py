"""Where the reports of one incident disagree: dates, places, death tolls.

* **date**: two reports whose dates are stated in the text (explicit or relative, not
  the publication date) and do not overlap, without any slack.  The merge allows
  `compat.WINDOW_DAYS` of slack, so "Monday" and "Tuesday" can be one incident and
  still be listed here as a disagreement.
* **place**: reports located to different cities (city precision, different names), or
  to different provinces (admin1), of one country.
* **deaths**: reports whose sentences state different numbers of dead
  (`tolls.deaths`).

Each contradiction lists the distinct values (sorted) and the ids of the events that
carry a value, so a reader can open every side.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from repwatch.incidents.tolls import deaths
from repwatch.model import Event
from repwatch.store.base import Contradiction, StoredEvent


def _date(e: Event) -> str | None:
    d = e.date
    if d is None or d.basis == "published":
        return None
    return d.first.isoformat() if d.first == d.last else f"{d.first}/{d.last}"


def _city(e: Event) -> str | None:
    p = e.location
    return p.name if p is not None and p.precision == "city" else None


def _admin1(e: Event) -> str | None:
    p = e.location
    if p is None or p.precision == "country":
        return None
    return p.admin1 or (p.name if p.precision == "admin1" else None)


def _deaths(e: Event) -> str | None:
    n = deaths(e.sentence.text)
    return None if n is None else str(n)


def _dates_disagree(events: Sequence[Event]) -> bool:
    spans = [(e.date.first, e.date.last) for e in events if e.date and _date(e)]
    return any(a1 < b0 or b1 < a0 for a0, a1 in spans for b0, b1 in spans)


def _differ(
    field: str, events: Sequence[Event], value: Callable[[Event], str | None]
) -> list[Contradiction]:
    have = [(value(e), e.id) for e in events]
    have_values = sorted({v for v, _ in have if v is not None})
    if len(have_values) < 2:
        return []
    ids = tuple(sorted(i for v, i in have if v is not None))
    return [Contradiction(field, tuple(have_values), ids)]


def find(reports: Sequence[StoredEvent]) -> tuple[Contradiction, ...]:
    """The contradictions among the reports of one incident."""
    events = [r.event for r in reports]
    out: list[Contradiction] = []
    if _dates_disagree(events):
        out += _differ("date", events, _date)
    city = _differ("place", events, _city)
    out += city or _differ("place", events, _admin1)
    out += _differ("deaths", events, _deaths)
    return tuple(out)
