"""Read what to export from a `Store`, and hand it to the writers.

Everything here talks to the `Store` protocol only, so it works on either backend.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from repwatch.export.writers import Format, Out, WriteResult, write
from repwatch.store.base import Incident, Store

INCIDENT_PAGE = 500


def iter_incidents(store: Store, page: int = INCIDENT_PAGE) -> Iterator[Incident]:
    """Every stored incident, read `page` at a time."""
    offset = 0
    while True:
        batch = store.incidents(limit=page, offset=offset)
        yield from batch
        if len(batch) < page:
            return
        offset += page


def located_reports(store: Store) -> dict[str, tuple[float, float]]:
    """(lat, lon) of every stored event that has coordinates, by event id."""
    points: dict[str, tuple[float, float]] = {}
    for row in store.iter_events(None):
        loc = row.event.location
        if loc is not None and loc.lat is not None and loc.lon is not None:
            points[row.event.id] = (loc.lat, loc.lon)
    return points


def export(
    store: Store, fmt: Format, out: Out, *, incidents: bool = False, formula_guard: bool = True
) -> WriteResult:
    """Write the store's events (or incidents) to `out` as `fmt`."""
    if not incidents:
        return write(store.iter_events(None), fmt, out, kind="events",
                     formula_guard=formula_guard)  # fmt: skip
    points = located_reports(store) if fmt == "geojson" else {}

    def locate(incident: Incident) -> Sequence[tuple[float, float]]:
        return [points[e] for e in incident.event_ids if e in points]

    return write(iter_incidents(store), fmt, out, kind="incidents", locate=locate,
                 formula_guard=formula_guard)  # fmt: skip
