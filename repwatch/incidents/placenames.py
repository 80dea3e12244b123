"""The places an event's own sentence names, whether the gazetteer knows them or not.

The places stage drops a name it cannot geocode ("never guessed"), so "shelling near
Nevelske, Donetsk" and "shelling near Pisky, Donetsk" are both located at Donetsk, and
the merge alone would take them for one incident.  Their sentences still say they are
not: each names a different village.

`names(sentence, located)` lists the place-like names of a sentence, lowercased, in
text order:

* names written as inside the geocoded place `located` ("Nevelske, Donetsk", "Hadba
  (Tripoli)", "Dardara in al-Hasakeh");
* capitalised word runs after a locative ("in", "near", "at", "outside", "around",
  "between", "the area/village/countryside/outskirts of" ...), with the lists that
  follow ("in Herat, Farah, Nimroz, and Helmand provinces");
* runs before a unit word ("Chora district", "Urozgan province", "Tarinkot city");
* runs in brackets ("(Anzourou, Tillaberi)").

A trailing unit word is dropped ("Helmand provinces" is Helmand), and so are months,
weekdays, countries, and what the actor dictionary knows as a demonym ("the
Belarusian capital"), an organisation, a person or a role.  Two names are the same
place when their spelling-tolerant keys agree (`gazetteer.loose`) or the gazetteer
gives them a common place in the event's country ("Idleb" and "Idlib").

`disagree(a, b)`: both sentences name places, and each names one the other does not.
`provinces(event)`: the first-level divisions (admin1) the sentence's names lie in, as
far as the gazetteer knows them; two or more mean the sentence tells of several places
far apart ("in Herat, Farah, Nimroz, and Helmand provinces").
"""

from __future__ import annotations

import re
from functools import lru_cache

from repwatch.model import Event
from repwatch.nlp import dictionary, gazetteer

MONTHS_DAYS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
#: words naming a kind of place; "Chora district" is Chora
UNIT_WORDS = frozenset(
    "district province governorate village town city area county region state oblast "
    "commune municipality division neighbourhood neighborhood".split()
)
_UNITS = (
    r"(?:districts?|provinces?|governorates?|villages?|towns?|city|cities|areas?|county|"
    r"counties|regions?|states?|oblasts?|communes?|municipality|municipalities)"
)
_PREP = (
    r"(?i:\b(?:in|near|at|outside|around|inside|between|"
    r"(?:areas?|villages?|towns?|city|districts?|countryside|outskirts|vicinity|"
    r"provinces?|governorate|limits) of))"
)
_RUN = r"[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*)*"
_LIST = rf"{_RUN}(?:\s*,\s*(?:and\s+)?{_RUN}|\s+and\s+{_RUN})*"
_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
AFTER_PREP = re.compile(rf"{_PREP}\s+(?:the\s+)?({_LIST})")
BEFORE_UNIT = re.compile(rf"({_LIST})\s+{_UNITS}\b")
BRACKETS = re.compile(rf"[(\[]({_LIST})[)\]]")


def _clean(name: str) -> str:
    words = re.sub(r"['’]s$", "", name).strip(".").lower().split()
    while len(words) > 1 and words[-1] in UNIT_WORDS:
        words = words[:-1]
    return " ".join(words)


def _inside(sentence: str, larger: str) -> list[str]:
    """Names written as inside `larger`: "X, Larger", "X (Larger)", "X in Larger"
    (not at the start of the sentence, where "Police in Minsk" is capitalised)."""
    unit = rf"(?:\s+{_UNITS})?"
    where = rf"({_RUN}){unit}\s*(?:,|\(|\bin\b)\s*(?:the\s+)?{re.escape(larger)}\b"
    return [m.group(1) for m in re.finditer(where, sentence) if m.start() > 0]


def names(sentence: str, located: str | None = None) -> tuple[str, ...]:
    """Place-like names of a sentence, lowercased, in text order (see the module doc)."""
    found: list[tuple[int, str]] = []
    for pattern in (AFTER_PREP, BEFORE_UNIT, BRACKETS):
        for m in pattern.finditer(sentence):
            if pattern is BEFORE_UNIT and m.start() == 0:
                continue  # "Police forces ..." opens a sentence capitalised
            found += [(m.start(1), part) for part in _SPLIT.split(m.group(1))]
    out = [_clean(x) for x in _inside(sentence, located)] if located else []
    for _, raw in sorted(found):
        out.append(_clean(raw))
    kept: list[str] = []
    for name in out:
        if name and name.split()[0] not in MONTHS_DAYS and name not in kept:
            if not _not_a_place(name):
                kept.append(name)
    return tuple(kept)


@lru_cache(maxsize=65536)
def _candidates(name: str) -> tuple[gazetteer.Candidate, ...]:
    return tuple(gazetteer.load().candidates(name))


@lru_cache(maxsize=65536)
def _not_a_place(name: str) -> bool:
    """A country, a demonym ("Belarusian"), or a name the actor dictionary knows as
    an organisation, a person or a role, not as a capital."""
    kinds = {e.kind for e in dictionary.load_cached().lookup(name)}
    if kinds & {"demonym", "country", "org", "person", "role"} and "capital" not in kinds:
        return True
    cands = _candidates(name)
    return bool(cands) and all(c.feature in ("country", "region") for c in cands)


@lru_cache(maxsize=65536)
def keys(name: str, country: str | None) -> frozenset[str]:
    """What a name may stand for: its loose spelling, and the gazetteer's places of
    that name in `country` (by id, or by loose name for a division)."""
    out = {gazetteer.loose(gazetteer.key(name))}
    for c in _candidates(name):
        if country and c.country == country and c.feature != "country":
            out.add(f"#{c.geonameid}" if c.geonameid else gazetteer.loose(gazetteer.key(c.name)))
    return frozenset(out)


def _named(e: Event) -> list[frozenset[str]]:
    """The keys of each place the event's sentence names (its location included when
    the sentence writes it)."""
    p = e.location
    sentence = e.sentence.text
    located = p.text if p and p.text and p.text in sentence else None
    country = p.country if p else None
    found = [keys(n, country) for n in names(sentence, located)]
    if located and p is not None:
        own = keys(_clean(located), country) | keys(_clean(p.name), country)
        if p.geonameid:
            own |= {f"#{p.geonameid}"}
        found = [k for k in found if not k & own] + [own]
    return found


def _within(a: list[frozenset[str]], b: list[frozenset[str]]) -> bool:
    """Every place of `a` is also a place of `b`."""
    return all(any(x & y for y in b) for x in a)


def disagree(a: Event, b: Event) -> bool:
    """Whether both sentences name places and each names one the other does not."""
    na, nb = _named(a), _named(b)
    if not na or not nb:
        return False
    return not (_within(na, nb) or _within(nb, na))


def provinces(e: Event) -> frozenset[str]:
    """The first-level divisions (loose keys) that the sentence names, where the
    gazetteer knows them as divisions of the event's country ("in Herat, Farah, Nimroz,
    and Helmand provinces").  Towns are left out: a village's name is too often a town's
    in another province ("Vesele", "Bom Jardim")."""
    p = e.location
    country = p.country if p else None
    if not country:
        return frozenset()
    return frozenset(
        province_key(c.name)
        for name in names(e.sentence.text)
        for c in _candidates(name)
        if c.country == country and c.feature == "admin1"
    )


def province_key(name: str) -> str:
    """A division's name without its unit word, spelled loosely ("Minsk City" and
    "Minsk", "Al-Hasakah" and "Hasakah" agree)."""
    return gazetteer.loose(gazetteer.key(_clean(name)))
