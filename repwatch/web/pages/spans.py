"""Which words to mark: the `highlight.Span`s of an event and of a whole article."""

from __future__ import annotations

from repwatch.model import Actor, Event, Extraction, Quote
from repwatch.web.highlight import Span


def _actor(kind: str, role: str, a: Actor | None) -> list[Span]:
    if a is None or a.start >= a.end:
        return []
    return [Span(a.start, a.end, kind, f"{role}: {a.code or '?'} ({a.name})")]


def event_spans(e: Event) -> list[Span]:
    """The trigger, source, target, place, date and claim cue of one event."""
    what = e.type + (f"/{e.mode}" if e.mode else "")
    spans = [Span(e.trigger.start, e.trigger.end, "hl-trigger", f"trigger: {what}")]
    spans += _actor("hl-source", "source", e.source)
    spans += _actor("hl-target", "target", e.target)
    loc = e.location
    if loc is not None and loc.start is not None and loc.end is not None:
        spans.append(Span(loc.start, loc.end, "hl-place", f"place: {loc.name} {loc.country or ''}"))
    date = e.date
    if date is not None and date.start is not None and date.end is not None:
        spans.append(Span(date.start, date.end, "hl-date", f"date: {date.first}..{date.last}"))
    if e.claim is not None and e.claim.cue is not None:
        cue = e.claim.cue
        spans.append(Span(cue.start, cue.end, "hl-cue", f"claim cue: {e.claim.certainty}"))
    return spans


def _quote(q: Quote) -> Span:
    speaker = q.speaker.code or q.speaker.name if q.speaker else "unknown speaker"
    return Span(
        q.start, q.end, "hl-quote", f"quote ({'direct' if q.direct else 'reported'}): {speaker}"
    )


def article_spans(x: Extraction) -> list[Span]:
    """Every annotation of an article: each event's spans, every actor mention (those
    no event uses as source or target as ``hl-actor``), every place and every quote."""
    spans = [s for e in x.events for s in event_spans(e)]
    used = {(s.start, s.end) for s in spans if s.kind in ("hl-source", "hl-target")}
    for a in x.actors:
        if (a.start, a.end) not in used:
            spans += _actor("hl-actor", "actor", a)
    for p in x.places:
        if p.start is not None and p.end is not None:
            spans.append(Span(p.start, p.end, "hl-place", f"place: {p.name} {p.country or ''}"))
    spans += [_quote(q) for q in x.quotes]
    return spans
