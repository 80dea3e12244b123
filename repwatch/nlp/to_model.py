"""The one place where spaCy Docs become `repwatch.model` records."""

from __future__ import annotations

import hashlib
from typing import Any

from spacy.tokens import Doc, Span

from repwatch.model import Actor, Article, Claim, DateRef, Event, Extraction, Place, Quote, TextSpan
from repwatch.nlp.actors import ActorSpan
from repwatch.nlp.doctext import sentence_start_of, span_text
from repwatch.nlp.events import EventSpan


def text_span(span: Span) -> TextSpan:
    return TextSpan(span_text(span), span.start_char, span.end_char)


def actor(a: ActorSpan) -> Actor:
    return Actor(
        text=span_text(a.span), start=a.span.start_char, end=a.span.end_char, name=a.name,
        code=a.code, country=a.country, sector=a.sector, entry=a.entry,
    )  # fmt: skip


def place(p: Any, basis: str | None = None) -> Place:
    return Place(
        text=span_text(p.span), start=p.span.start_char, end=p.span.end_char, name=p.name,
        country=p.country, admin1=p.admin1, lat=p.lat, lon=p.lon, geonameid=p.geonameid,
        precision=p.precision, basis=basis,
    )  # fmt: skip


def _ext(doc: Doc, name: str) -> list[Any]:
    return list(getattr(doc._, name) or []) if Doc.has_extension(name) else []


def event_id(article_id: str, e: EventSpan) -> str:
    key = f"{article_id}:{e.trigger.start_char}:{e.type}"
    return "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _location(anchor: Any, country_names: dict[str, str]) -> Place | None:
    if anchor is None or anchor.place_basis is None:
        return None
    if anchor.place is not None:
        return place(anchor.place, anchor.place_basis)
    country = anchor.actor_country
    return Place(None, None, None, country_names.get(country, country), country, None, None,
                 None, None, "country", anchor.place_basis)  # fmt: skip


def _date(anchor: Any) -> DateRef | None:
    if anchor is None or anchor.date_start is None:
        return None
    span = anchor.date_span
    return DateRef(
        text=span_text(span) if span is not None else None,
        start=span.start_char if span is not None else None,
        end=span.end_char if span is not None else None,
        first=anchor.date_start, last=anchor.date_end or anchor.date_start,
        precision=anchor.date_precision or "day", basis=anchor.date_basis or "published",
    )  # fmt: skip


def _claim(c: Any) -> Claim:
    if c is None:
        return Claim("asserted", None, None)
    return Claim(c.certainty, actor(c.asserted_by) if c.asserted_by else None,
                 text_span(c.cue) if c.cue is not None else None)  # fmt: skip


def _quotes(doc: Doc, article_id: str, events: list[Event], spans: list[EventSpan]) -> list[Quote]:
    out = []
    for q in _ext(doc, "quotes"):
        content = q.content
        sents = {sentence_start_of(doc, i) for i in range(content.start, content.end)}
        linked = tuple(
            ev.id for ev, es in zip(events, spans, strict=True)
            if content.start <= es.trigger.start < content.end
            or (es.sentence.start in sents and ev.claim is not None and ev.claim.cue is not None
                and q.cue is not None and ev.claim.cue.start == q.cue.start_char)
        )  # fmt: skip
        key = f"{article_id}:q:{content.start_char}"
        out.append(Quote(
            id="q-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
            text=span_text(content), start=content.start_char, end=content.end_char,
            direct=bool(q.direct), cue=text_span(q.cue) if q.cue is not None else None,
            speaker=actor(q.speaker) if q.speaker is not None else None, event_ids=linked,
        ))  # fmt: skip
    return out


def build(doc: Doc, article: Article, extractor: str, country_names: dict[str, str]) -> Extraction:
    spans: list[EventSpan] = list(doc._.events or [])
    anchors = _ext(doc, "anchors") or [None] * len(spans)
    claims = _ext(doc, "claims") or [None] * len(spans)
    taxonomy = _ext(doc, "taxonomy") or [None] * len(spans)
    events = [
        Event(
            id=event_id(article.id, e), type=e.type, mode=e.mode,
            source=actor(e.source) if e.source else None,
            target=actor(e.target) if e.target else None,
            trigger=text_span(e.trigger), sentence=text_span(e.sentence),
            negated=e.negated, source_basis=e.source_basis,
            location=_location(a, country_names), date=_date(a), claim=_claim(c),
            acled=t.acled if t is not None else None, tnr=t.tnr if t is not None else None,
            basis=e.basis,
        )
        for e, a, c, t in zip(spans, anchors, claims, taxonomy, strict=True)
    ]  # fmt: skip
    return Extraction(
        article=article,
        events=events,
        actors=[actor(a) for a in doc._.actors or []],
        places=[place(p) for p in _ext(doc, "places")],
        quotes=_quotes(doc, article.id, events, spans),
        extractor=extractor,
    )
