"""The actor dictionary: countries, roles, organisations and people, kept as TSV data.

The bundled files live in ``repwatch/resources/actors``; users add their own with the
``actor_dictionary`` setting (TSV in the organisations/people layout, see
docs/dictionary.md), no code change needed.

``regions.tsv`` adds demonyms of regions and peoples inside states ("Chechen", "Darfuri")
and of peoples that span states ("Kurdish", "Tamil"): a demonym entry with one country,
or with the states it spans in `Entry.countries` and no country of its own.

Every surface form (alias) maps to one or more `Entry` records.  An alias written in
capitals of up to five letters ("US", "UN", "MIT") is matched case-sensitively; every
other alias is matched case-insensitively.
"""

from __future__ import annotations

import csv
import os
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from repwatch import settings
from repwatch.errors import ResourceError
from repwatch.model import SECTORS

#: How an entry contributes to an actor mention.
KINDS = ("country", "demonym", "capital", "role", "org", "person")

EXTRA_SECTORS = ("UAF", "ELI", "AGR", "JRN", "IMG")


@dataclass(frozen=True)
class Entry:
    """One dictionary entry, as a surface form resolves to it."""

    id: str
    kind: str
    name: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    state: bool = False  # a role that belongs to a state apparatus (GOV, COP, SPY, ...)
    countries: tuple[str, ...] = ()  # a people that spans states: the states, no `country`


@dataclass(frozen=True)
class Dictionary:
    """Surface form -> entries.  `exact` holds the case-sensitive aliases; `surnames`
    maps the folded surname of each known person to the countries of the people who
    bear it ("bush" -> ("USA",)), for "the Bush administration"."""

    folded: dict[str, tuple[Entry, ...]]
    exact: dict[str, tuple[Entry, ...]]
    countries: dict[str, Entry]
    surnames: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def lookup(self, text: str) -> tuple[Entry, ...]:
        return self.exact.get(text, ()) + self.folded.get(fold(text), ())

    def surname_country(self, text: str) -> str | None:
        """The country of the known people with this surname, if they share one."""
        countries = self.surnames.get(fold(text), ())
        return countries[0] if len(countries) == 1 else None


@lru_cache(maxsize=262_144)
def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'Türkiye' and 'turkiye' fold alike (cached:
    the same words are folded again and again)."""
    if text.isascii():
        return " ".join(text.replace("’", "'").lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("’", "'").lower().split())


def _is_exact(alias: str) -> bool:
    letters = alias.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 5


def _rows(path: Path | Iterable[str], name: str) -> Iterator[tuple[int, dict[str, str]]]:
    lines = path.read_text(encoding="utf-8").splitlines() if isinstance(path, Path) else path
    body = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not body:
        return
    reader = csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = reader.fieldnames or []
    for lineno, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            raise ResourceError(
                f"{name}: line {lineno}: expected {len(header)} tab-separated fields"
            )
        yield lineno, {k: (v or "").strip() for k, v in row.items()}


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _check(name: str, lineno: int, country: str | None, sector: str | None) -> None:
    if country is not None and not (len(country) == 3 and country.isalpha()):
        raise ResourceError(f"{name}: line {lineno}: country {country!r} is not ISO-3")
    if sector is not None and sector not in SECTORS + EXTRA_SECTORS:
        raise ResourceError(f"{name}: line {lineno}: unknown sector {sector!r}")


class _Builder:
    def __init__(self) -> None:
        self.folded: dict[str, list[Entry]] = {}
        self.exact: dict[str, list[Entry]] = {}
        self.countries: dict[str, Entry] = {}
        self.surnames: dict[str, list[str]] = {}

    def add(self, alias: str, entry: Entry) -> None:
        table, key = (self.exact, alias) if _is_exact(alias) else (self.folded, fold(alias))
        bucket = table.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)

    def add_countries(self, lines: Path, name: str) -> None:
        for lineno, row in _rows(lines, name):
            iso = row["iso3"].upper()
            _check(name, lineno, iso, None)
            country = Entry(f"country:{iso}", "country", row["name"], country=iso)
            self.countries[iso] = country
            for alias in [row["name"], *_split(row["aliases"])]:
                self.add(alias, country)
            demonym = Entry(f"demonym:{iso}", "demonym", row["name"], country=iso)
            for alias in _split(row["demonyms"]):
                self.add(alias, demonym)
            capital = Entry(f"capital:{iso}", "capital", row["name"], country=iso, sector="GOV")
            for alias in _split(row["capitals"]):
                self.add(alias, capital)

    def add_regions(self, lines: Path, name: str) -> None:
        for lineno, row in _rows(lines, name):
            states = tuple(c.upper() for c in _split(row["countries"]))
            for iso in states:
                _check(name, lineno, iso, None)
            single = states[0] if len(states) == 1 else None
            entry = Entry(f"demonym:{fold(row['name'])}", "demonym", row["name"],
                          country=single, countries=() if single else states)  # fmt: skip
            for alias in _split(row["demonyms"]):
                self.add(alias, entry)

    def add_roles(self, lines: Path, name: str) -> None:
        for lineno, row in _rows(lines, name):
            sector = row["sector"] or None
            _check(name, lineno, None, sector)
            term = row["term"]
            state = row.get("state", "").lower() in ("yes", "true", "1")
            self.add(term, Entry(f"role:{fold(term)}", "role", term, sector=sector, state=state))

    def add_named(self, lines: Path | Iterable[str], name: str, kind: str) -> None:
        for lineno, row in _rows(lines, name):
            country = row.get("country", "").upper() or None
            sector = row.get("sector", "") or None
            _check(name, lineno, country, sector)
            code = row.get("code", "") or ((country or "") + (sector or "")) or None
            entry_kind = kind if kind != "user" else row.get("kind", "") or "person"
            entry = Entry(
                f"{entry_kind}:{fold(row['name'])}",
                entry_kind,
                row["name"],
                country=country,
                sector=sector,
                code=code,
            )
            for alias in [row["name"], *_split(row.get("aliases", ""))]:
                self.add(alias, entry)
            if entry_kind == "person" and country:
                self._add_surnames([row["name"], *_split(row.get("aliases", ""))], country)

    def _add_surnames(self, names: list[str], country: str) -> None:
        """The last word of each full name ("George W. Bush" -> "bush")."""
        for full in names:
            words = full.split()
            if len(words) < 2 or len(words[-1]) < 3 or not words[-1].isalpha():
                continue
            bucket = self.surnames.setdefault(fold(words[-1]), [])
            if country not in bucket:
                bucket.append(country)

    def build(self) -> Dictionary:
        return Dictionary(
            folded={k: tuple(v) for k, v in self.folded.items()},
            exact={k: tuple(v) for k, v in self.exact.items()},
            countries=dict(self.countries),
            surnames={k: tuple(v) for k, v in self.surnames.items()},
        )


def _bundled(filename: str) -> Path:
    return Path(str(resources.files("repwatch") / "resources" / "actors" / filename))


def load(extra: Iterable[str | Path] = ()) -> Dictionary:
    """The bundled dictionary plus `extra` user files (organisation/person layout)."""
    builder = _Builder()
    builder.add_countries(_bundled("countries.tsv"), "countries.tsv")
    builder.add_regions(_bundled("regions.tsv"), "regions.tsv")
    builder.add_roles(_bundled("roles.tsv"), "roles.tsv")
    builder.add_named(_bundled("organizations.tsv"), "organizations.tsv", "org")
    builder.add_named(_bundled("people.tsv"), "people.tsv", "person")
    builder.add_named(_bundled("people_historical.tsv"), "people_historical.tsv", "person")
    for path in extra:
        path = Path(path)
        if not path.is_file():
            raise ResourceError(f"{path}: actor dictionary file not found")
        builder.add_named(path, str(path), "user")
    return builder.build()


def user_files() -> list[str]:
    """User dictionary files named by the `actor_dictionary` setting."""
    raw = str(settings.get("actor_dictionary"))
    return [p for p in raw.split(os.pathsep) if p]


@lru_cache(maxsize=8)
def load_cached(extra: tuple[str, ...] = ()) -> Dictionary:
    return load(extra)
