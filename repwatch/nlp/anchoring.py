"""Stage: where and when each event happened.

Contract: requires ``doc._.events``, ``doc._.places`` and ``doc._.dates`` (and reads
``doc._.unresolved_places`` when the places stage set it); assigns ``doc._.anchors``, a
list of `Anchor` parallel to ``doc._.events``.

Location, first rule that applies (``basis`` says which):

1. ``syntax``: a place attached to the trigger or its clause by a locative
   preposition, or to its object when the act is physical (ASSAULT, COERCE):
   "arrested in Vilnius", "the attack on exiles in Istanbul", "killed 14 people in
   Iraq" (but not "threatened the opposition in Vilnius").  A physical act's object
   that names a place is the place ("stormed Konduga", "Kisangani was captured",
   "shelled the village of Aziziyeh"), and so is a place it lands "on" or "over"
   ("air raids on Khanasir town", not "fired on the positions of the forces of
   Azerbaijan").  "In the country" and "here" resolve to the nearest country named
   before that is not the target's (country precision);
2. ``where``: the trigger sits in a "where"/"in which" clause of a place: "settled
   in Turkey, where they were assaulted";
3. ``sentence``: the most precise place named in the trigger's sentence (the nearest
   to the trigger among equals), but not a country someone comes from ("activists
   from Belarus were attacked", "a journalist who fled Iran"): for exiles, that is
   the one country where the event did not happen;
4. ``context``: the acting police, court or government is of another state than the
   dateline's: the latest place in that state named within two sentences, else that
   state at country precision (basis ``actor``); otherwise the latest place named in
   the two sentences before;
5. ``dateline``: the article's dateline place;
6. ``actor``: no place is named: the country of the target, else of the source, with
   precision "country" and no coordinates (never a silent centroid); not a country
   the actor only comes from ("two activists from Belarus were attacked").

Otherwise the location is None.

A name the gazetteer does not know (``doc._.unresolved_places``: "killed near Batrah",
"attacked the village of Damase") that rule 1's syntax attaches to the event, where no
known place is so attached, or only a country or region, is the event's location:
precision ``unresolved``, basis ``syntax``, no coordinates.  So is the nearest such
name in the sentence, not after "from", when rules 1-3 find nothing else ("a crowd in
Junqan held a protest"), with basis ``sentence``. Its country is the one that
rules 2-6 give (the province or country named beside it: "near Batrah in Iraq's Nineveh
province"), and its first-level division only when they give a division, which then
holds it: naming the village with the country around it beats naming only the province,
or nothing. When that country comes from the dateline or the actors (`HEARSAY`), the
basis is that rule's, ``dateline`` or ``actor``: the name is the text's, the country is
not.

Date, first rule that applies:

1. ``explicit``/``relative`` (the date's own basis): a date expression attached to the
   trigger's clause ("on Tuesday", "in 2017"); failing that, the nearest date
   expression in the same sentence; failing that, the latest date named in the two
   sentences before it in the same paragraph (the narrative's date), except for a
   hypothetical event;
2. ``published``: the article's publication date, with no text span.  Without a
   publication date the event's date is None: never invented.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from repwatch.nlp.actors import ActorSpan
from repwatch.nlp.doctext import line_breaks, sentence_of, sentence_start_of
from repwatch.nlp.events import EventSpan
from repwatch.nlp.places import UnresolvedSpan

DOMESTIC = frozenset({"COP", "JUD", "GOV", "MIL"})
ABROAD = frozenset({"SPY", "OPP", "REF"})
LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "within"})
OBJECTS = frozenset({"dobj", "nsubjpass"})
#: where a physical act lands: "airstrikes on Khanasir town", "raids over Palmyra"
ONTO = frozenset({"on", "over"})
#: nouns whose "of" names a place: "the village of Sharifah", "the towns of Khan Touman"
PLACE_NOUNS = frozenset("village town city district area neighbourhood neighborhood suburb "
                        "province region countryside outskirts locality camp quarter county "
                        "state governorate municipality".split())  # fmt: skip
#: types whose act reaches the object where the object is: "killed 14 people in Iraq"
#: happened in Iraq, "threatened the opposition in Vilnius" not necessarily
PHYSICAL = frozenset({"ASSAULT", "COERCE"})
CLIMB = frozenset(
    {"prep", "pobj", "dobj", "nsubj", "nsubjpass", "acl", "relcl", "conj", "xcomp", "advcl"}
)


@dataclass(frozen=True)
class Anchor:
    place: Any | None  # PlaceSpan
    place_basis: str | None
    date_span: Span | None
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str | None
    date_basis: str | None
    actor_country: str | None = None  # set when place_basis == "actor"


def _clause_tokens(tok: Token) -> list[Token]:
    """The trigger, the head noun or verb above it, and their direct dependents."""
    heads = [tok]
    t = tok
    for _ in range(2):
        if t.dep_ in CLIMB and t.head.i != t.i:
            t = t.head
            heads.append(t)
    return heads


def _named_by(noun: Token, places: list[Any]) -> Any | None:
    """The place a noun names itself: the noun is in the place's words ("Konduga"), the
    place is its compound ("Khanasir town"), or the noun is a place word whose "of" names
    it ("the towns of Khan Touman").  Not a place the noun only mentions ("the positions
    of the forces of Azerbaijan")."""
    for p in places:
        if p.span.start <= noun.i < p.span.end:
            return p
    if noun.lemma_.lower() not in PLACE_NOUNS:
        return None
    for p in places:
        root = p.span.root
        if root.head.i == noun.i and root.dep_ in ("compound", "nmod", "appos"):
            return p
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.i == noun.i:
            return p
    return None


def _located_by_syntax(tok: Token, places: list[Any], physical: bool = False) -> Any | None:
    """The place (a `PlaceSpan`, or an `UnresolvedSpan` if `places` holds some) that the
    trigger's syntax attaches to it: see rule 1 of the module docstring."""
    subclauses = [c for c in tok.children if c.dep_ in ("advcl", "xcomp")]
    # a physical act's object's own place: "killed 14 people in Iraq"
    objects = [c for c in tok.children if c.dep_ in OBJECTS] if physical else []
    heads = [tok, *objects, *_clause_tokens(tok)[1:], *subclauses]
    for obj in objects:  # "stormed Konduga", "Kisangani was captured"
        struck = _named_by(obj, places)
        if struck is not None:
            return struck
    for head in heads:  # "... as his plane landed in Dushanbe"
        for prep in head.children:
            if prep.dep_ != "prep":
                continue
            if physical and prep.lower_ in ONTO:  # "air raids on Khanasir town"
                for pobj in prep.children:
                    hit = _named_by(pobj, places) if pobj.dep_ == "pobj" else None
                    if hit is not None:
                        return hit
            if prep.lower_ in LOCATIVE:
                for pobj in prep.children:
                    if pobj.dep_ != "pobj":
                        continue
                    hit = _named_by(pobj, places)  # "near Batrah", "in the city of Minsk"
                    if hit is not None:
                        return hit
                    within = [p for p in places  # "in Vilnius's old town"
                              if pobj.left_edge.i <= p.span.start
                              and p.span.end <= pobj.right_edge.i + 1]  # fmt: skip
                    if within:  # a known place before one the gazetteer lacks
                        return min(within, key=lambda p: isinstance(p, UnresolvedSpan))
    return None


def _located_by_where(tok: Token, places: list[Any]) -> Any | None:
    t = tok
    for _ in range(4):
        if t.dep_ == "relcl" and any(c.lower_ in ("where", "which") for c in t.subtree):
            head = t.head
            for p in places:
                if p.span.start <= head.i < p.span.end:
                    return p
        if t.head.i == t.i:
            break
        t = t.head
    return None


def _date_for(tok: Token, dates: list[Any], certainty: str | None) -> Any | None:
    sent = sentence_of(tok)
    in_sent = [d for d in dates if sent.start <= d.span.start < sent.end]
    if not in_sent:  # a hypothetical event does not inherit the narrative's date
        return None if certainty == "hypothetical" else _date_before(tok, dates)
    clause = {t.i for h in _clause_tokens(tok) for t in h.subtree}
    attached = [d for d in in_sent if d.span.root.i in clause]
    pool = attached or in_sent
    return min(pool, key=lambda d: abs(d.span.root.i - tok.i))


def _the_country(tok: Token, event: EventSpan, actors: list[ActorSpan]) -> str | None:
    """ "in the country" / "here": the nearest country named before that is not the
    target's own (Dutch newspapers ... Belarusian operatives ... in the country)."""
    for head in _clause_tokens(tok):
        for t in head.subtree:
            anaphor = t.lower_ == "here" or (
                t.lower_ == "country" and t.dep_ == "pobj" and t.head.lower_ in LOCATIVE
            )
            if not anaphor:
                continue
            avoid = event.target.country if event.target else None
            for a in reversed([a for a in actors if a.anchor < t.i]):
                if a.sector in ABROAD:
                    continue  # agents and exiles are abroad: "the country" is not theirs
                if a.country and a.country != avoid and a.country_basis == "dictionary":
                    return a.country
            return None
    return None


def _foreign_actor_place(
    doc: Doc, tok: Token, event: EventSpan, places: list[Any]
) -> tuple[Any | None, str | None]:
    """Before the dateline: an event whose acting state is not the dateline's ("Polish
    police arrested two suspects" in a story filed from Vilnius) happened in that
    state: at the latest place named there within two sentences, else country-wide."""
    actor = event.source if event.source and event.source.sector in DOMESTIC else None
    if actor is None or not actor.country or doc._.dateline is None:
        return None, None
    start, _ = doc._.dateline
    dateline_place = next((p for p in places if p.span.start_char == start), None)
    if dateline_place is None or dateline_place.country == actor.country:
        return None, None
    sent_start = sentence_start_of(tok.doc, tok.i)
    recent = [
        p for p in places
        if p.country == actor.country and p.span.start < tok.i
        and p.span.start >= _sentence_start(doc, sent_start, back=2)
    ]  # fmt: skip
    return (recent[-1], "context") if recent else (None, actor.country)


#: verbs whose object is a place someone came from: "a journalist who fled Iran"
DEPARTURES = frozenset({"flee", "leave", "escape", "quit"})


def _from(name: Any) -> bool:
    """A name after "from": "youths from Kibera" may be at home, "activists from X" not."""
    root = name.span.root
    return root.dep_ == "pobj" and root.head.lower_ == "from"


def _origin(place: Any) -> bool:
    """A country named as where someone comes from, not where anything happens: "two
    activists from Belarus", "a journalist who fled Iran".  Only a country: "youths
    from Kibera" are mostly at home there."""
    root = place.span.root
    if place.precision != "country":
        return False
    if root.dep_ == "pobj":
        return root.head.lower_ == "from"
    return root.dep_ == "dobj" and root.head.lemma_.lower() in DEPARTURES


def _from_abroad(actor: ActorSpan, places: list[Any]) -> bool:
    """An actor whose only country is the one it comes from ("two activists from
    Belarus"): for exiles that is the one country where the event did not happen, so
    rule 6 does not put the event there.  A demonym, name or organisation still
    counts ("Belarusian activists", "Iran's police")."""
    if actor.kinds & {"demonym", "person", "org"}:
        return False
    return any(
        actor.start <= p.span.start < actor.end and p.country == actor.country and _origin(p)
        for p in places
    )


#: a known place this coarse gives way to a name the gazetteer lacks that the syntax
#: attaches as closely: "killed near Batrah in Iraq" is at Batrah, not just in Iraq
COARSE = frozenset({"country", "region"})
RANK = {"city": 0, "admin2": 1, "admin1": 2, "country": 3, "region": 4}


@dataclass(frozen=True)
class LocalPlace:
    """An event's location that the gazetteer does not know: its name, and the country
    (and division) of the place the other rules would have given."""

    span: Span
    name: str
    country: str | None
    admin1: str | None
    lat: None = None
    lon: None = None
    geonameid: None = None
    precision: str = "unresolved"


#: rules whose place or country is no evidence of where an unresolved name lies: the
#: article's dateline, and a country read off the actors.  An unresolved name placed by
#: one keeps that rule as its basis, so that no one takes the country for the text's
#: (TNR's host state never comes from these, nlp/tnr.py)
HEARSAY = frozenset({"dateline", "actor"})


def _local(local: Any, around: Any | None, country: str | None) -> LocalPlace:
    """`local` (an unresolved name) placed in `around` (the place rules 2-6 gave, if
    any) or in `country` (the country they gave without a place)."""
    if around is None:
        return LocalPlace(local.span, local.name, country, None)
    division = {"admin1": around.name, "admin2": around.admin1}.get(around.precision)
    return LocalPlace(local.span, local.name, around.country, division)


def _most_precise(places: list[Any], tok: Token) -> Any:
    """The most precise place, the nearest to the trigger among equals: "protest in
    Dadu town (Dadu, Sindh)"."""
    return min(
        places,
        key=lambda p: (RANK.get(p.precision, 5), abs(p.span.root.i - tok.i), p.span.start < tok.i),
    )  # among equals, a place after the trigger ("detained ... in Dushanbe")


def _dateline_start(doc: Doc) -> int | None:
    return doc._.dateline[0] if doc._.dateline is not None else None


def _sentence_start(doc: Doc, start: int, back: int) -> int:
    for _ in range(back):
        if start == 0:
            break
        start = sentence_start_of(doc, start - 1)
    return start


def _paragraph_window(doc: Doc, sent_start: int) -> int:
    """Where the two sentences before `sent_start` begin, not crossing a paragraph."""
    start = _sentence_start(doc, sent_start, back=2)
    breaks = line_breaks(doc)
    last = bisect_left(breaks, sent_start) - 1  # the last break before the sentence
    return breaks[last] + 1 if last >= 0 and breaks[last] >= start else start


def _date_before(tok: Token, dates: list[Any]) -> Any | None:
    """The date of the narrative so far: the latest date named in the two sentences
    before, within the same paragraph ("On 9 May, police raided ... . They arrested
    ...")."""
    sent = sentence_of(tok)
    since = _paragraph_window(tok.doc, sent.start)
    earlier = [d for d in dates if since <= d.span.start < sent.start]
    return earlier[-1] if earlier else None


def anchor(
    doc: Doc,
    event: EventSpan,
    places: list[Any],
    dates: list[Any],
    actors: list[ActorSpan],
    claim_certainty: str | None = None,
    unresolved: list[Any] | None = None,
) -> Anchor:
    tok = event.trigger.root
    sent = sentence_of(tok)
    in_sent = [p for p in places if sent.start <= p.span.start < sent.end]
    nearby = [u for u in unresolved or () if sent.start <= u.span.start < sent.end]
    physical = event.type in PHYSICAL
    place, basis, local = _located_by_syntax(tok, in_sent, physical), "syntax", None
    if nearby and (place is None or place.precision in COARSE):
        found = _located_by_syntax(tok, in_sent + nearby, physical)
        if isinstance(found, UnresolvedSpan):  # placed by what rules 2-6 find
            local, place = found, None
    actor_country = None
    if place is None:
        place, basis = _located_by_where(tok, in_sent), "where"
    named = [p for p in in_sent if not _origin(p)] if place is None else []
    if named:
        place, basis = _most_precise(named, tok), "sentence"
    if place is None:
        actor_country = _the_country(tok, event, actors)
        basis = "syntax"
    local_basis = "syntax"
    if place is None and actor_country is None and local is None:
        named_local = [u for u in nearby if not _from(u)]
        if named_local:  # "a crowd in Junqan held a protest": no known place in the sentence
            local = min(named_local, key=lambda u: abs(u.span.root.i - tok.i))
            local_basis = "sentence"
    if place is None and actor_country is None:
        place, actor_country = _foreign_actor_place(doc, tok, event, places)
        basis = "context" if place is not None else "actor"
    if place is None and actor_country is None:
        since = _paragraph_window(doc, sent.start)
        earlier = [
            p for p in places
            if since <= p.span.start < sent.start and p.span.start_char != _dateline_start(doc)
        ]  # fmt: skip
        if earlier:
            place, basis = earlier[-1], "context"
    if place is None and actor_country is None and doc._.dateline is not None:
        start, _ = doc._.dateline
        place = next((p for p in places if p.span.start_char == start), None)
        basis = "dateline"
    if place is None and actor_country is None:
        for actor in (event.target, event.source):
            if actor is not None and actor.country and not _from_abroad(actor, places):
                actor_country, basis = actor.country, "actor"
                break
        else:
            basis = None  # type: ignore[assignment]
    if local is not None:
        place, actor_country = _local(local, place, actor_country), None
        basis = basis if basis in HEARSAY else local_basis
    date = _date_for(tok, dates, claim_certainty)
    if date is not None:
        return Anchor(place, basis, date.span, date.start, date.end, date.precision, date.basis,
                      actor_country)  # fmt: skip
    published = doc._.published
    return Anchor(place, basis, None, published, published, "day" if published else None,
                  "published" if published else None, actor_country)  # fmt: skip


@Language.factory(
    "repwatch_anchoring",
    requires=["doc._.events", "doc._.places", "doc._.dates"],
    assigns=["doc._.anchors"],
)
def make_anchoring(nlp: Language, name: str) -> AnchoringComponent:
    return AnchoringComponent()


class AnchoringComponent:
    def __init__(self) -> None:
        if not Doc.has_extension("anchors"):
            Doc.set_extension("anchors", default=None)

    def __call__(self, doc: Doc) -> Doc:
        places = list(doc._.places or [])
        unresolved = list(getattr(doc._, "unresolved_places", None) or [])
        dates = list(doc._.dates or [])
        actors = list(doc._.actors or [])
        events = list(doc._.events or [])
        claims = list(doc._.claims or []) if Doc.has_extension("claims") else []
        certainties = [c.certainty for c in claims] if claims else [None] * len(events)
        doc._.anchors = [
            anchor(doc, e, places, dates, actors, c, unresolved)
            for e, c in zip(events, certainties, strict=True)
        ]
        return doc
