"""Merge event reports from several articles into incidents.

    merge(reports) -> [Incident, ...]

1. Keep the reports that may join an incident (`compat.eligible`): not negated, not
   hypothetical, dated to within a week.
2. Compare every two reports of one PLOVER type whose date windows can overlap
   (`compat.compatible`).
3. Cluster by **complete linkage**: the compatible pairs are taken from the most
   certain to the least (`Verdict.score`, ties by event id), and two clusters join
   only when *every* report of one is compatible with *every* report of the other.
   Single linkage would let A~B and B~C chain A and C into one incident although A
   and C disagree; complete linkage never does.
4. Keep the clusters with at least `MIN_REPORTS` reports.  A report no other matches
   is not an incident (its stored `incident_id` stays None).

The result depends only on the set of reports: they are sorted by event id first, so
the input order never matters.  Incident ids are 0: the store numbers them in
`replace_incidents`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations
from urllib.parse import urlsplit

from repwatch.incidents import compat, contradictions
from repwatch.incidents.compat import compatible, eligible, interval
from repwatch.store.base import Incident, StoredEvent

#: an incident has at least this many reports (each from a different article)
MIN_REPORTS = 2


def outlet(report: StoredEvent) -> str:
    """Who published a report: the URL's host (without "www."), else the article."""
    if report.article_url:
        host = urlsplit(report.article_url).hostname or ""
        host = host.removeprefix("www.")
        if host:
            return host
    return f"article:{report.article_id}"


def _pairs(reports: Sequence[StoredEvent]) -> Iterable[tuple[int, int]]:
    """Index pairs of one type whose date windows can overlap (a sweep over dates)."""
    by_type: dict[str, list[int]] = {}
    for i, r in enumerate(reports):
        by_type.setdefault(r.event.type, []).append(i)
    for members in by_type.values():
        dated = [(d, i) for i in members if (d := reports[i].event.date) is not None]
        spans = sorted((interval(d), i) for d, i in dated)
        slack = dt.timedelta(days=compat.WINDOW_DAYS)
        for n, ((_, end), i) in enumerate(spans):
            for (start, _), j in spans[n + 1 :]:
                if start > end + slack:
                    break
                yield (min(i, j), max(i, j))


def clusters(reports: Sequence[StoredEvent]) -> list[list[StoredEvent]]:
    """Complete-linkage clusters of the eligible reports (singletons included)."""
    unique = {r.event.id: r for r in reports}
    ordered = [unique[k] for k in sorted(unique) if eligible(unique[k])]
    ok: dict[tuple[int, int], int] = {}
    for i, j in _pairs(ordered):
        verdict = compatible(ordered[i], ordered[j])
        if verdict.ok:
            ok[(i, j)] = verdict.score
    member: list[set[int]] = [{i} for i in range(len(ordered))]
    owner = list(range(len(ordered)))
    for (i, j), _ in sorted(ok.items(), key=lambda kv: (-kv[1], kv[0])):
        a, b = owner[i], owner[j]
        if a == b:
            continue
        if all((min(x, y), max(x, y)) in ok for x in member[a] for y in member[b]):
            keep, gone = min(a, b), max(a, b)
            member[keep] |= member[gone]
            for x in member[gone]:
                owner[x] = keep
            member[gone] = set()
    return [[ordered[i] for i in sorted(m)] for m in member if m]


def incident(reports: Sequence[StoredEvent]) -> Incident:
    """The incident told by `reports` (id 0: the store assigns it)."""
    events = [r.event for r in reports]
    stated = [e.date for e in events if e.date and e.date.basis != "published"]
    dates = stated or [e.date for e in events if e.date]
    published = [r.published for r in reports if r.published]
    countries = Counter(e.location.country for e in events if e.location and e.location.country)
    country = min(countries, key=lambda c: (-countries[c], c)) if countries else None
    first: dt.date | None = min(d.first for d in dates) if dates else None
    last: dt.date | None = max(d.last for d in dates) if dates else None
    return Incident(
        id=0,
        type=events[0].type,
        event_ids=tuple(sorted(e.id for e in events)),
        sources=len({outlet(r) for r in reports}),
        earliest=min(published) if published else None,
        first=first,
        last=last,
        country=country,
        contradictions=contradictions.find(reports),
    )


def merge(reports: Sequence[StoredEvent]) -> list[Incident]:
    """Incidents of at least `MIN_REPORTS` reports, sorted by their first event id."""
    groups = [g for g in clusters(reports) if len(g) >= MIN_REPORTS]
    return sorted((incident(g) for g in groups), key=lambda inc: inc.event_ids)


def pairs_merged(incidents: Iterable[Incident]) -> set[tuple[str, str]]:
    """Every pair of event ids that share an incident (for evaluation)."""
    return {p for inc in incidents for p in combinations(inc.event_ids, 2)}
