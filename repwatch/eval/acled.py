"""Score event location and date against ACLED event notes (restricted data: read from
../shared at evaluation time only; nothing is copied into the repository).

Each ACLED row has an English ``notes`` summary and the coder's gold country, admin1-3,
location name and event date.  repwatch reads the note as a tiny article whose
publication date is the row's upload ``timestamp`` (the note was published then; the
event date is never given to the system), and scores the first event it extracts:

* location country: the event location's country equals ACLED's ``iso3``/country;
* location name: the event location's name or text equals (case- and
  accent-insensitively) ACLED's ``location``, ``admin1``, ``admin2`` or ``admin3``;
* event date: the event's date range contains ACLED's ``event_date``;
* date exact: the event's date is that day (precision "day");
* location where the note names its place: country and name, over the notes whose
  text contains ACLED's location or one of its admin names (whole words, case- and
  accent-insensitively).  Many Kenyan notes name no place at all ("Students burn a
  dorm"), so no reader of the text alone could locate them;
* event date where the note states its year: the same, over the notes whose text has
  a year.  Most Kenyan notes give day and month only ("On December 17th, ..."), and
  the upload timestamp, our only publication date, comes years after the event, so no
  reader of the text alone could date them.  Figures are also given per file.

A note with no extracted event counts as a miss for every field.  Rows repeating an
earlier row's note are skipped.  The ACLED taxonomy figures (event type, sub-event
type, compatible PLOVER type, confusion and worst errors) are described in
`repwatch.eval.acled_taxonomy`.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from repwatch.errors import EvalError
from repwatch.eval.acled_taxonomy import TaxonomyScore
from repwatch.eval.metrics import ratio
from repwatch.eval.splits import keep
from repwatch.model import Article, Event
from repwatch.nlp import pipeline
from repwatch.nlp.dictionary import fold, load_cached

FILES = ("acled_world_2020-04-27_to_05-09.csv", "acled_kenya_2004-2019.csv",
         "acled_bangladesh_demonstrations_2022-2024.csv")  # fmt: skip
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
DATE_FORMATS = ("%d-%b-%y", "%d-%m-%y", "%Y-%m-%d", "%d %B %Y")


@dataclass(frozen=True)
class Note:
    id: str
    text: str
    published: dt.date | None
    event_date: dt.date
    country: str
    names: frozenset[str]
    event_type: str = ""
    sub_event_type: str = ""


@dataclass
class AcledReport:
    corpus: str
    split: str
    notes: int = 0
    with_event: int = 0
    country_hits: int = 0
    name_hits: int = 0
    date_hits: int = 0
    date_exact: int = 0
    year_stated: int = 0  # notes whose text states a year
    year_stated_date_hits: int = 0
    place_named: int = 0  # notes whose text names ACLED's location or an admin unit
    place_named_country_hits: int = 0
    place_named_name_hits: int = 0
    per_file: dict[str, dict[str, float]] = field(default_factory=dict)
    taxonomy: TaxonomyScore = field(default_factory=TaxonomyScore)

    @property
    def misses(self) -> list[dict[str, Any]]:
        """The most frequent sub-event type errors, each with one example note's text
        (for the terminal only: never part of `to_json`)."""
        return self.taxonomy.misses

    def rate(self, n: int) -> float:
        return ratio(n, self.notes)

    def to_json(self) -> dict[str, object]:
        return {
            "corpus": self.corpus, "split": self.split, "notes": self.notes,
            "event_found": round(self.rate(self.with_event), 4),
            "location_country": round(self.rate(self.country_hits), 4),
            "location_name": round(self.rate(self.name_hits), 4),
            "event_date": round(self.rate(self.date_hits), 4),
            "event_date_exact_day": round(self.rate(self.date_exact), 4),
            "event_date_year_stated": round(
                ratio(self.year_stated_date_hits, self.year_stated), 4
            ),
            "year_stated_notes": self.year_stated,
            "location_country_place_named": round(
                ratio(self.place_named_country_hits, self.place_named), 4
            ),
            "location_name_place_named": round(
                ratio(self.place_named_name_hits, self.place_named), 4
            ),
            "place_named_notes": self.place_named,
            **self.taxonomy.to_json(),
            "per_file": self.per_file,
        }  # fmt: skip


def _date(text: str, where: str) -> dt.date:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise EvalError(f"{where}: unreadable event_date {text!r}")


def _iso3(country: str) -> str:
    """ISO-3 for a country name, from the actor dictionary's country table."""
    for entry in load_cached().lookup(country):
        if entry.kind == "country" and entry.country:
            return entry.country
    return country


def read_notes(path: Path, split: str = "all", limit: int | None = None) -> list[Note]:
    if not path.is_file():
        raise EvalError(f"{path}: ACLED file not found")
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    notes: list[Note] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        need = {"event_date", "notes", "country", "location", "admin1", "event_id_cnty",
                "event_type", "sub_event_type"}  # fmt: skip
        missing = sorted(need - set(reader.fieldnames or ()))
        if missing:
            raise EvalError(f"{path}: not an ACLED export (missing columns {missing})")
        for n, row in enumerate(reader, 2):
            text = (row.get("notes") or "").strip()
            if not text or text in seen or not keep(row["event_id_cnty"], split):
                continue
            seen.add(text)
            stamp = (row.get("timestamp") or "").strip()
            published = (
                dt.datetime.fromtimestamp(int(stamp), dt.UTC).date() if stamp.isdigit() else None
            )
            names = {fold(row.get(k) or "") for k in ("location", "admin1", "admin2", "admin3")}
            gold = (row["event_type"].strip(), row["sub_event_type"].strip())
            notes.append(Note(row["event_id_cnty"], text, published,
                              _date(row["event_date"], f"{path}:{n}"),
                              (row.get("iso3") or "").strip().upper() or _iso3(row["country"]),
                              frozenset(x for x in names if x), *gold))  # fmt: skip
            if limit and len(notes) >= limit:
                break
    return notes


def evaluate(path: Path, split: str = "all", limit: int | None = None,
             nlp: Language | None = None) -> AcledReport:  # fmt: skip
    """Score one ACLED file, or every file of the corpus when `path` is its folder."""
    paths = [path / f for f in FILES if (path / f).is_file()] if path.is_dir() else [path]
    if not paths:
        raise EvalError(f"{path}: no ACLED files found")
    report = AcledReport(corpus=str(path), split=split)
    for p in paths:
        part = AcledReport(corpus=str(p), split=split)
        notes = read_notes(p, split, limit)
        articles = (Article(id=n.id, text=n.text, published=n.published) for n in notes)
        for note, result in zip(notes, pipeline.extract(articles, nlp), strict=True):
            for r in (report, part):
                _score(r, note, result.events[0] if result.events else None)
                r.taxonomy.add(note.id, note.text, note.event_type, note.sub_event_type,
                               result.events)  # fmt: skip
        body = part.to_json()
        report.per_file[p.name] = {k: v for k, v in body.items() if isinstance(v, float)}
    return report


def _names_place(note: Note) -> bool:
    """Whether the note's text names ACLED's location or one of its admin units."""
    text = fold(note.text)
    return any(re.search(rf"\b{re.escape(name)}\b", text) for name in note.names if len(name) > 2)


def _score(report: AcledReport, note: Note, event: Event | None) -> None:
    report.notes += 1
    stated = bool(YEAR.search(note.text))
    named = _names_place(note)
    report.year_stated += stated
    report.place_named += named
    if event is None:
        return
    report.with_event += 1
    loc = event.location
    if loc is not None and note.country in (loc.country, loc.name):
        report.country_hits += 1
        report.place_named_country_hits += named
    if loc is not None and ({fold(loc.name), fold(loc.text or "")} & note.names):
        report.name_hits += 1
        report.place_named_name_hits += named
    if event.date is not None and event.date.first <= note.event_date <= event.date.last:
        report.date_hits += 1
        report.date_exact += event.date.first == event.date.last
        report.year_stated_date_hits += stated
