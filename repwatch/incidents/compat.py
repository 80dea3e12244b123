"""When two event reports may be the same real-world incident.

Precision matters more than recall: wrongly merging two arrests is worse than missing
a duplicate.  So every rule below can only refuse, and a merge needs positive evidence
on actors, place and date.  Two reports are compatible when all of these hold:

1. **Eligible.** Neither is negated, neither is hypothetical (a threat or plan is not
   an incident), both have a date.  They come from different articles: two events of
   one article are separate reports (an article that tells of two arrests means two
   arrests; one that repeats an arrest is still one article's word).
2. **Type.** Same PLOVER type; the modes are equal, or one of them is None.
3. **Actors.** For the source and for the target, where both reports have one: same
   country where both know it, same sector (or sector family, `SECTOR_FAMILIES`)
   where both know it, and not two different named people.  A side *matches* when
   both have it, nothing conflicts, and the country, the sector family or the
   dictionary entry is known on both and equal.  At least
   one side must match, so two reports without actors never merge.  An implicit source
   (the police of the place, inferred) can conflict but never matches: it says
   nothing the place doesn't.
4. **Place.**  A city that bears its province's name ("Idleb", "Donetsk", "Kabul")
   counts as that province (`as_province`): notes write "Bara in the countryside of
   Idleb", "near Nevelske, Donetsk", and the gazetteer, not knowing the village, puts
   the event at the city.  Then:
   * *strong*: both are cities with coordinates, in one country, within `MAX_KM`, and
     both are named in the event's own sentence (not `INDIRECT_BASES`);
   * *weak*: as strong, but one place comes from outside the sentence (a city or a
     country), or is a district; or one is only a country, or a province (admin1)
     that contains the other, or both are the same province;
   * *none*: one or both have no place, only a region, or a province or district
     taken from outside the sentence.
   Different countries, two points further apart than `MAX_KM`, or two provinces
   refuse, and so does *none*: a merge needs a place.  The sentences are compared
   too (`placenames`): when both name places, one sentence's places must all be
   named by the other ("Evin prison in Minsk" and "Minsk" agree; "near Nevelske,
   Donetsk" and "near Pisky, Donetsk" do not), and a sentence that names two or more
   provinces ("in Herat, Farah, Nimroz, and Helmand provinces") tells of several
   incidents and merges with nothing.  Without a strong place both actor sides must
   match, and fighting between two armed sectors (`armed_clash`) needs a strong place.
5. **Date.** Two dates stated in the text (explicit or relative) are at most
   `WINDOW_DAYS` apart.  A date that is only the publication date puts the event in
   [published - `PUBLISHED_LOOKBACK_DAYS`, published], and that window must overlap
   the other report's date.  Dates vaguer than
   `MAX_SPAN_DAYS` (a month, a year, "since 2019") never match.

`score` ranks compatible pairs so the clustering merges the most certain ones first.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from enum import IntEnum

from repwatch.incidents import placenames
from repwatch.model import Actor, DateRef, Event, Place
from repwatch.store.base import StoredEvent

#: two located reports further apart than this (km) are different incidents
MAX_KM = 25.0
#: days allowed between two dates stated in the text.  0: the stated days must
#: overlap.  1 day of slack ("late Sunday" vs "early Monday") lowered ACLED pair
#: precision from 0.54 to 0.27 (armed forces shell the same area every day), and
#: gained nothing on the labelled pairs, whose weekdays resolve to the right day
WINDOW_DAYS = 0
#: an undated report's event is taken to lie this many days before its publication
PUBLISHED_LOOKBACK_DAYS = 2
#: a date window wider than this (days) is too vague to place an incident
MAX_SPAN_DAYS = 7
#: sectors that are one family: "the authorities", "the police", "security forces",
#: "intelligence agents" and "the court" are all the state acting, and reporters name
#: the same arrest with any of them; "activist" is coded opposition or rights defender
SECTOR_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"GOV", "COP", "SPY", "MIL", "JUD"}),
    frozenset({"OPP", "HRI"}),
)
#: certainties that never join an incident
EXCLUDED_CERTAINTIES = frozenset({"hypothetical"})
#: location bases that do not come from the event's own sentence: the place named
#: earlier, the dateline, the actor's country.  Such a place is never strong evidence.
INDIRECT_BASES = frozenset({"context", "dateline", "actor"})
#: precisions that locate a report only to its country or province
COARSE_PRECISIONS = frozenset({"country", "admin1"})
#: sectors that bear arms: violence between two of them is fighting, which ACLED
#: codes village by village, so it merges only on a city both sentences name
ARMED_SECTORS = frozenset({"MIL", "REB", "COP", "SPY"})
#: event types whose reports between armed sectors are fighting
CLASH_TYPES = frozenset({"ASSAULT"})
EARTH_KM = 6371.0


class Strength(IntEnum):
    NONE = 0
    WEAK = 1
    STRONG = 2


class Side(IntEnum):
    CONFLICT = -1
    UNKNOWN = 0
    MATCH = 1


@dataclass(frozen=True)
class Verdict:
    """Whether two reports may be one incident, and how sure (for merge order)."""

    ok: bool
    score: int = 0
    reason: str = ""


def eligible(report: StoredEvent) -> bool:
    """A report that may join an incident at all."""
    e = report.event
    if e.negated or e.date is None or _vague(e.date):
        return False
    return e.claim is None or e.claim.certainty not in EXCLUDED_CERTAINTIES


def _vague(date: DateRef) -> bool:
    return (date.last - date.first).days > MAX_SPAN_DAYS or date.precision in ("month", "year")


def interval(date: DateRef) -> tuple[dt.date, dt.date]:
    """The days the event may have happened on: the stated dates, or for a date that is
    only the publication date, the `PUBLISHED_LOOKBACK_DAYS` before it."""
    if date.basis == "published":
        return date.first - dt.timedelta(days=PUBLISHED_LOOKBACK_DAYS), date.last
    return date.first, date.last


def gap_days(a: DateRef, b: DateRef) -> int:
    """Days between two date intervals (0 when they overlap)."""
    (a0, a1), (b0, b1) = interval(a), interval(b)
    return max(0, (b0 - a1).days, (a0 - b1).days)


def dates_overlap(a: DateRef, b: DateRef) -> bool:
    """Stated dates may be `WINDOW_DAYS` apart; a publication date must overlap."""
    stated = a.basis != "published" and b.basis != "published"
    return gap_days(a, b) <= (WINDOW_DAYS if stated else 0)


def family(sector: str) -> frozenset[str]:
    """The sectors that may name the same actor as `sector`."""
    return next((f for f in SECTOR_FAMILIES if sector in f), frozenset({sector}))


def side(a: Actor | None, b: Actor | None, implicit: bool = False) -> Side:
    """Whether the same role (source or target) is filled compatibly."""
    if a is None or b is None:
        return Side.UNKNOWN
    if a.country and b.country and a.country != b.country:
        return Side.CONFLICT
    if a.sector and b.sector and family(a.sector) != family(b.sector):
        return Side.CONFLICT
    people = [x.entry for x in (a, b) if x.entry and x.entry.startswith("person:")]
    if len(people) == 2 and people[0] != people[1]:
        return Side.CONFLICT
    if implicit:
        return Side.UNKNOWN
    shared = (
        (a.country and a.country == b.country)
        or (a.sector and b.sector and family(a.sector) == family(b.sector))
        or (a.entry and a.entry == b.entry)
    )
    return Side.MATCH if shared else Side.UNKNOWN


def km(a: Place, b: Place) -> float:
    """Great-circle distance between two places with coordinates."""
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _point(p: Place) -> bool:
    return p.lat is not None and p.lon is not None and p.precision not in COARSE_PRECISIONS


def _province(p: Place) -> str | None:
    name = p.admin1 or (p.name if p.precision == "admin1" else None)
    return placenames.province_key(name) if name else None


def as_province(p: Place) -> bool:
    """A city that bears its province's name ("Idleb", "Donetsk", "Kandahar"): news and
    ACLED notes write the province so ("shelled Bara in the countryside of Idleb",
    "near Nevelske, Donetsk"), and the gazetteer, not knowing the village, puts the
    event at the city.  Such a place locates the event to its province only.  A division
    named "X City" (Minsk City, Kiev City) is the city's own ground, not a province."""
    if p.precision != "city" or not p.admin1 or p.admin1.lower().endswith(" city"):
        return False
    own = {placenames.province_key(x) for x in (p.name, p.text) if x}
    return placenames.province_key(p.admin1) in own


def located(e: Event) -> Place | None:
    """The event's location as evidence: a city named as its province stands for the
    province (precision admin1, no point)."""
    p = e.location
    if p is None or not as_province(p):
        return p
    return replace(p, name=p.admin1 or p.name, lat=None, lon=None, geonameid=None,
                   precision="admin1")  # fmt: skip


def place_strength(a: Place | None, b: Place | None) -> Strength | None:
    """How well two locations agree; None when they contradict."""
    if a is None or b is None or a.precision == "region" or b.precision == "region":
        return Strength.NONE
    if any(p.basis in INDIRECT_BASES and p.precision not in ("city", "country") for p in (a, b)):
        return Strength.NONE  # a province or district from outside the sentence
    if not a.country or not b.country:
        return Strength.NONE
    if a.country != b.country:
        return None
    if _point(a) and _point(b):
        if km(a, b) > MAX_KM:
            return None
        indirect = a.basis in INDIRECT_BASES or b.basis in INDIRECT_BASES
        cities = a.precision == "city" and b.precision == "city"
        return Strength.STRONG if cities and not indirect else Strength.WEAK
    if a.precision == "country" or b.precision == "country":
        return Strength.WEAK
    # at least one is a province: the other must lie in it (or be the same province)
    pa, pb = _province(a), _province(b)
    if pa and pb and pa != pb:
        return None
    return Strength.WEAK


def armed_clash(a: Event, b: Event) -> bool:
    """Either report tells of violence between two armed sectors (`ARMED_SECTORS`):
    fighting, which goes on village by village, day after day, in one province."""
    return a.type in CLASH_TYPES and any(
        e.source is not None and e.target is not None
        and e.source.sector in ARMED_SECTORS and e.target.sector in ARMED_SECTORS
        for e in (a, b)
    )  # fmt: skip


def compatible(a: StoredEvent, b: StoredEvent) -> Verdict:
    """Whether reports `a` and `b` may be one incident (see the module docstring)."""
    if a.article_id == b.article_id:
        return Verdict(False, reason="same article")
    if not (eligible(a) and eligible(b)):
        return Verdict(False, reason="not eligible")
    ea, eb = a.event, b.event
    if ea.type != eb.type or (ea.mode and eb.mode and ea.mode != eb.mode):
        return Verdict(False, reason="type")
    assert ea.date is not None and eb.date is not None
    if not dates_overlap(ea.date, eb.date):
        return Verdict(False, reason="date")
    implicit = ea.source_basis == "implicit" or eb.source_basis == "implicit"
    sides = (side(ea.source, eb.source, implicit), side(ea.target, eb.target))
    if Side.CONFLICT in sides:
        return Verdict(False, reason="actors conflict")
    matches = sides.count(Side.MATCH)
    if matches == 0:
        return Verdict(False, reason="no actor match")
    place = place_strength(located(ea), located(eb))
    if place is None:
        return Verdict(False, reason="place")
    if placenames.disagree(ea, eb):
        return Verdict(False, reason="place names")
    if len(placenames.provinces(ea)) > 1 or len(placenames.provinces(eb)) > 1:
        return Verdict(False, reason="several provinces")
    if place < Strength.STRONG and armed_clash(ea, eb):
        return Verdict(False, reason="armed clash, no city")
    if place < Strength.STRONG and matches < 2:
        return Verdict(False, reason="weak place, one actor")
    stated = ea.date.basis != "published" and eb.date.basis != "published"
    if place == Strength.NONE:
        return Verdict(False, reason="no place")
    return Verdict(True, score=int(place) * 4 + matches * 2 + int(stated))
