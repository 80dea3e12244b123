"""The one place where spaCy Docs become `repwatch.model` records."""

from __future__ import annotations

import hashlib

from spacy.tokens import Doc, Span

from repwatch.model import Actor, Article, Event, Extraction, TextSpan
from repwatch.nlp.actors import ActorSpan
from repwatch.nlp.events import EventSpan


def text_span(span: Span) -> TextSpan:
    return TextSpan(span.text, span.start_char, span.end_char)


def actor(a: ActorSpan) -> Actor:
    return Actor(
        text=a.span.text, start=a.span.start_char, end=a.span.end_char, name=a.name,
        code=a.code, country=a.country, sector=a.sector, entry=a.entry,
    )  # fmt: skip


def event_id(article_id: str, e: EventSpan) -> str:
    key = f"{article_id}:{e.trigger.start_char}:{e.type}"
    return "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def event(article_id: str, e: EventSpan) -> Event:
    return Event(
        id=event_id(article_id, e), type=e.type, mode=e.mode,
        source=actor(e.source) if e.source else None,
        target=actor(e.target) if e.target else None,
        trigger=text_span(e.trigger), sentence=text_span(e.sentence),
        negated=e.negated, source_basis=e.source_basis,
    )  # fmt: skip


def build(doc: Doc, article: Article, extractor: str) -> Extraction:
    return Extraction(
        article=article,
        events=[event(article.id, e) for e in doc._.events or []],
        actors=[actor(a) for a in doc._.actors or []],
        extractor=extractor,
    )
