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
        }


@dataclass(frozen=True)
class Extraction:
    """Everything repwatch read from one article."""

    article: Article
    events: list[Event] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    extractor: str = ""

    def to_json(self) -> dict[str, Any]:
        article = self.article.to_json()
        article["extractor"] = self.extractor
        return {
            "article": article,
            "events": [e.to_json() for e in self.events],
            "actors": [a.to_json() for a in self.actors],
        }
