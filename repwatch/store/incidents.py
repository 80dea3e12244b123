"""Keep the stored incidents up to date with the stored events.

    update_incidents(store)                          # recompute every incident
    update_incidents(store, since=dt.date(2026, 3, 1))
    update_incidents(store, windows=[(first, last), ...])   # what `ingest` passes

Merging (`repwatch.incidents.merge.merge`) compares reports of one type whose dates
overlap, and refuses two reports in different countries or with no country at all.
So the reports are cut into **blocks** first: one per (PLOVER type, location country
or None) and run of dates, where a run goes on while the next report starts at most
`WINDOW_DAYS` after the latest day seen so far.  Two reports in different blocks can
never merge, so merging block by block gives the incidents of merging everything at
once, with work and memory that grow with the size of a block, not of the store.

Only eligible reports (`compat.eligible`: dated to within a week, not negated, not
hypothetical) are read into blocks.  A full update streams the store in date order
(`Store.iter_dated`) and merges each block as soon as no later report can join it.

A scoped update (`since`, `windows`) recomputes the reports that could pair with a
report dated in the scope: those whose dates overlap the scope widened by
`WINDOW_DAYS`, plus every report of a stored incident that has one of them, so that
no incident is cut in two.  The stored incidents among them are replaced, the others
kept.

Either way only what changed is written: an incident found again with the same
reports and fields keeps its row and its id, so a rerun with nothing new writes
nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from repwatch.incidents import compat
from repwatch.incidents.merge import merge
from repwatch.store.base import Incident, Store, StoredEvent

#: days between the dates of two reports that may still merge: the merge rules let a
#: publication date reach `compat.PUBLISHED_LOOKBACK_DAYS` back and stated dates be
#: `compat.WINDOW_DAYS` apart; one day more is a margin (tests check it covers them)
WINDOW_DAYS = 3
#: page size when reading the stored incidents back
INCIDENT_PAGE = 1000

Group = tuple[str, str | None]
Window = tuple[dt.date, dt.date]


@dataclass
class IncidentSummary:
    reports: int = 0  # eligible reports read
    blocks: int = 0  # blocks merged (reports from at least two articles)
    incidents: int = 0  # incidents found among them
    added: int = 0  # incidents written
    removed: int = 0  # stored incidents deleted
    seconds: float = 0.0

    def line(self) -> str:
        return (f"incidents {self.incidents} ({self.added} added, {self.removed} removed) "
                f"from {self.reports} reports in {self.blocks} blocks, "
                f"{self.seconds:.1f} s")  # fmt: skip

    def to_json(self) -> dict[str, float | int]:
        return {"reports": self.reports, "blocks": self.blocks, "incidents": self.incidents,
                "added": self.added, "removed": self.removed,
                "seconds": round(self.seconds, 3)}  # fmt: skip


def _group(report: StoredEvent) -> Group:
    loc = report.event.location
    return report.event.type, loc.country if loc else None


def _days(report: StoredEvent) -> Window:
    date = report.event.date
    assert date is not None  # eligible reports are dated
    return date.first, date.last


class _Blocker:
    """Cuts reports fed in order of their first day into blocks (see the module)."""

    def __init__(self) -> None:
        self.open: dict[Group, tuple[dt.date, list[StoredEvent]]] = {}
        self.day = dt.date.min

    def add(self, report: StoredEvent) -> list[list[StoredEvent]]:
        """Take `report`; returns the blocks no later report can join."""
        first, last = _days(report)
        done = self.close_before(first) if first > self.day else []
        self.day = first
        group = _group(report)
        end, members = self.open.get(group, (last, []))
        members.append(report)
        self.open[group] = (max(end, last), members)
        return done

    def close_before(self, day: dt.date) -> list[list[StoredEvent]]:
        """The blocks whose last day is more than `WINDOW_DAYS` before `day`."""
        gap = dt.timedelta(days=WINDOW_DAYS)
        gone = [g for g, (end, _) in self.open.items() if end + gap < day]
        return [self.open.pop(g)[1] for g in gone]

    def close_all(self) -> list[list[StoredEvent]]:
        done = [members for _, members in self.open.values()]
        self.open.clear()
        return done


def blocks(reports: Iterable[StoredEvent]) -> Iterator[list[StoredEvent]]:
    """The blocks of the eligible `reports` (any order), each in order of first day."""
    ordered = sorted((r for r in reports if compat.eligible(r)),
                     key=lambda r: (_days(r)[0], r.event.id))  # fmt: skip
    blocker = _Blocker()
    for report in ordered:
        yield from blocker.add(report)
    yield from blocker.close_all()


def _merge_blocks(found: Iterable[list[StoredEvent]], summary: IncidentSummary) -> list[Incident]:
    out: list[Incident] = []
    for block in found:
        if len({r.article_id for r in block}) < 2:  # an incident needs two articles
            continue
        summary.blocks += 1
        out += merge(block)
    return out


def _full(store: Store, summary: IncidentSummary) -> list[Incident]:
    def stream() -> Iterator[list[StoredEvent]]:
        blocker = _Blocker()
        for report in store.iter_dated():
            if compat.eligible(report):
                summary.reports += 1
                yield from blocker.add(report)
        yield from blocker.close_all()

    return _merge_blocks(stream(), summary)


def _spans(windows: Iterable[Window]) -> list[Window]:
    """The windows widened by `WINDOW_DAYS` and joined where they overlap."""
    gap = dt.timedelta(days=WINDOW_DAYS)
    out: list[Window] = []
    for first, last in sorted(windows):
        lo, hi = first - gap if first > dt.date.min + gap else dt.date.min, last
        hi = hi + gap if hi < dt.date.max - gap else dt.date.max
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _scoped(
    store: Store, windows: Iterable[Window], summary: IncidentSummary
) -> tuple[list[Incident], list[Incident]]:
    """(new incidents, stored incidents they replace) for the reports near `windows`."""
    region: dict[str, StoredEvent] = {}
    reach = dt.timedelta(days=compat.MAX_SPAN_DAYS)  # eligible reports span at most this
    for lo, hi in _spans(windows):
        start = lo - reach if lo > dt.date.min + reach else dt.date.min
        for report in store.iter_dated(start, hi):
            if _days(report)[1] >= lo and compat.eligible(report):
                region[report.event.id] = report
    stale: list[Incident] = []
    for incident_id in sorted({r.incident_id for r in region.values() if r.incident_id}):
        incident = store.incident(incident_id)
        if incident is None:
            continue
        stale.append(incident)
        for event_id in incident.event_ids:  # keep the incident whole
            if event_id not in region and (member := store.event(event_id)) is not None:
                if compat.eligible(member):
                    region[event_id] = member
    summary.reports = len(region)
    return _merge_blocks(blocks(region.values()), summary), stale


def _stored(store: Store) -> list[Incident]:
    out: list[Incident] = []
    while batch := store.incidents(limit=INCIDENT_PAGE, offset=len(out)):
        out += batch
        if len(batch) < INCIDENT_PAGE:
            break
    return out


def update_incidents(
    store: Store, since: dt.date | None = None, *, windows: Iterable[Window] | None = None
) -> IncidentSummary:
    """Recompute the incidents over the stored events (newest coding of each article).

    With neither `since` nor `windows`, every incident; with `since`, those that
    reports dated on or after `since` may touch; with `windows` ((first, last) days of
    new or changed reports), those they may touch.  Writes only what changed, in one
    transaction, and returns the counts.
    """
    started = time.perf_counter()
    summary = IncidentSummary()
    scope: list[Window] | None = None
    if since is not None or windows is not None:
        scope = list(windows or ()) + ([(since, dt.date.max)] if since is not None else [])
    if scope is None:
        found, old = _full(store, summary), _stored(store)
    elif scope:
        found, old = _scoped(store, scope, summary)
    else:
        found, old = [], []
    summary.incidents = len(found)
    kept = {replace(i, id=0) for i in old} & {replace(i, id=0) for i in found}
    added = [i for i in found if replace(i, id=0) not in kept]
    removed = [i.id for i in old if replace(i, id=0) not in kept]
    if added or removed:
        store.replace_incidents(added, replacing=removed)
    summary.added, summary.removed = len(added), len(removed)
    summary.seconds = time.perf_counter() - started
    return summary
