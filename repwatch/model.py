"""Typed records that flow through repwatch.

Every record is built in one place (ingest builds `Article`, `nlp.to_model` builds the
rest) and serialised here, so the JSON contract in `resources/schema.json` has one
Python counterpart.  Spans are character offsets into `Article.text`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

#: The 16 PLOVER 2021 event categories.
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

#: CAMEO-style role (sector) codes an actor may carry.
SECTORS: tuple[str, ...] = (
    "GOV", "MIL", "COP", "SPY", "JUD", "LEG", "OPP", "REB", "PTY", "MED", "CVL", "REF",
    "NGO", "IGO", "BUS", "EDU", "REL", "HRI", "LAB", "CRM",
)  # fmt: skip


@dataclass(frozen=True)
class TextSpan:
    """A stretch of the article text: `text == article.text[start:end]`."""

    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "span": [self.start, self.end]}


@dataclass(frozen=True)
class Article:
    """One news article as read by `repwatch.ingest`."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None  # file path, URL or "-" for stdin
    url: str | None = None
    byline: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "source": self.source,
            "url": self.url,
            "byline": self.byline,
            "text": self.text,
        }


@dataclass(frozen=True)
class Actor:
    """One resolved actor mention.

    `code` is CAMEO-style: ISO-3 country (or a non-state prefix such as IGO/NGO) followed
    by the sector, e.g. ``IRNGOV``; it is ``None`` only when nothing about the mention
    could be resolved.
    """

    text: str
    start: int
    end: int
    name: str
    code: str | None
    country: str | None
    sector: str | None
    entry: str | None = None  # id of the dictionary entry that resolved it, if any

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "span": [self.start, self.end],
            "name": self.name,
            "code": self.code,
            "country": self.country,
            "sector": self.sector,
        }


@dataclass(frozen=True)
class Place:
    """A geocoded place mention (`text`/`start`/`end` are None for a location that
    is only a country inferred from the actors)."""

    text: str | None
    start: int | None
    end: int | None
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    precision: str  # city | admin2 | admin1 | country | region | unresolved (no point)
    basis: str | None = None  # for an event's location: syntax|where|sentence|dateline|actor

    def to_json(self) -> dict[str, Any]:
        out = {
            "text": self.text,
            "span": [self.start, self.end] if self.start is not None else None,
            "name": self.name, "country": self.country, "admin1": self.admin1,
            "lat": self.lat, "lon": self.lon, "geonameid": self.geonameid,
            "precision": self.precision,
        }  # fmt: skip
        if self.basis is not None:
            out["basis"] = self.basis
        return out


@dataclass(frozen=True)
class DateRef:
    """When an event happened: a resolved date expression, or the publication date."""

    text: str | None
    start: int | None
    end: int | None
    first: dt.date
    last: dt.date
    precision: str  # day | month | year | range
    basis: str  # explicit | relative | published

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "span": [self.start, self.end] if self.start is not None else None,
            "start": self.first.isoformat(), "end": self.last.isoformat(),
            "precision": self.precision, "basis": self.basis,
        }  # fmt: skip


@dataclass(frozen=True)
class Claim:
    """How sure the text is of an event, and on whose word (None: the article's own)."""

    certainty: str  # asserted | reported | alleged | hypothetical
    asserted_by: Actor | None
    cue: TextSpan | None

    def to_json(self) -> dict[str, Any]:
        return {
            "certainty": self.certainty,
            "asserted_by": self.asserted_by.to_json() if self.asserted_by else None,
            "cue": self.cue.to_json() if self.cue else None,
        }


@dataclass(frozen=True)
class AcledCoding:
    """The event in ACLED's taxonomy: one of its 6 event types and 25 sub-event types,
    spelled as ACLED spells them, and what decided it ("model" or "rules")."""

    event_type: str
    sub_event_type: str
    basis: str  # model | rules

    def to_json(self) -> dict[str, Any]:
        return {
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "basis": self.basis,
        }


@dataclass(frozen=True)
class TnrCoding:
    """Transnational repression: a state acting against its own nationals abroad.
    ``origin_state`` is that state (ISO-3), ``host_state`` the country where it happens
    (ISO-3, None when the text does not say), ``tactic`` one of Freedom House's
    categories (see ``TNR_TACTICS``)."""

    origin_state: str
    host_state: str | None
    tactic: str

    def to_json(self) -> dict[str, Any]:
        return {
            "origin_state": self.origin_state,
            "host_state": self.host_state,
            "tactic": self.tactic,
        }


#: ACLED's 6 event types and their 25 sub-event types, spelled as ACLED's codebook
#: spells them (ACLED Codebook, 2019 taxonomy).
ACLED_SUBTYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack",
                                   "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention",
                 "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}  # fmt: skip
#: sub-event type -> its event type
ACLED_TYPE_OF: dict[str, str] = {sub: t for t, subs in ACLED_SUBTYPES.items() for sub in subs}

#: Freedom House's transnational-repression tactics, as repwatch spells them.
TNR_TACTICS = (
    "assassination",
    "assault",
    "detention",
    "unlawful deportation",
    "rendition",
    "digital threats",
    "coercion by proxy",
    "mobility controls",
    "spyware",
)


@dataclass(frozen=True)
class Quote:
    """Direct or reported speech, with its speaker and the events it states."""

    id: str
    text: str
    start: int
    end: int
    direct: bool
    cue: TextSpan | None
    speaker: Actor | None
    event_ids: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "text": self.text, "span": [self.start, self.end],
            "direct": self.direct, "cue": self.cue.to_json() if self.cue else None,
            "speaker": self.speaker.to_json() if self.speaker else None,
            "event_ids": list(self.event_ids),
        }  # fmt: skip


@dataclass(frozen=True)
class Event:
    """One coded event: PLOVER type and mode, with source and target actors."""

    id: str
    type: str
    mode: str | None
    source: Actor | None
    target: Actor | None
    trigger: TextSpan
    sentence: TextSpan
    negated: bool = False
    source_basis: str | None = None  # how the source was found: "syntax", "implicit", ...
    location: Place | None = None
    date: DateRef | None = None
    claim: Claim | None = None
    acled: AcledCoding | None = None
    tnr: TnrCoding | None = None
    basis: str = "rules"  # "rules": the trigger lexicon; "model": the ACLED classifier

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "mode": self.mode,
            "source": self.source.to_json() if self.source else None,
            "target": self.target.to_json() if self.target else None,
            "trigger": self.trigger.to_json(),
            "sentence": self.sentence.to_json(),
            "negated": self.negated,
            "source_basis": self.source_basis,
            "basis": self.basis,
            "location": self.location.to_json() if self.location else None,
            "date": self.date.to_json() if self.date else None,
            "claim": self.claim.to_json() if self.claim else None,
            "acled": self.acled.to_json() if self.acled else None,
            "tnr": self.tnr.to_json() if self.tnr else None,
        }


@dataclass(frozen=True)
class Extraction:
    """Everything repwatch read from one article."""

    article: Article
    events: list[Event] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    extractor: str = ""

    def to_json(self) -> dict[str, Any]:
        article = self.article.to_json()
        article["extractor"] = self.extractor
        return {
            "article": article,
            "events": [e.to_json() for e in self.events],
            "actors": [a.to_json() for a in self.actors],
            "places": [p.to_json() for p in self.places],
            "quotes": [q.to_json() for q in self.quotes],
        }
