"""Participants inferred from the place of an event: the implicit agent of arrests
and deportations, and the place as target of an event done to no named actor.

"Three operatives were detained in Lithuania" names no agent, but an arrest is made
by the authorities of the place where it happens.  The source becomes that country's
police (``XXXCOP``), and the actor's text and span point at the words that gave the
country away, so the inference stays traceable:

1. a place after "in" in the trigger's sentence ("detained in Lithuania", "in Kaunas"),
   from the places stage;
2. "in the country" / "here": the nearest country named before, that is not the
   target's own country ("Dutch newspapers ... detention of Belarusian operatives ...
   in the country" -> the Netherlands);
3. the dateline's country.

An event with no target actor that happens "in", "into", "inside" or "from" a place
named in its own clause, or is done "on" or "against" it or to it as its object,
takes that place's country as its target, as CAMEO codes "imposed a curfew in Cizre"
(TUR), "withdrew the inspectors from Iraq" (IRQ) or "shelled Kharkiv" (UKR)
(`place_target`).  A country the actor dictionary names wins over a namesake town
the gazetteer ranks first.  The actor's span is the place's words.  So does a target
that the actors stage found but could not code when its words are a place the places
stage resolved: the NER's ORG in "Rebels attack Goma" is the town, so COD
(`as_place`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from repwatch.nlp.actors import ActorSpan
from repwatch.nlp.context import dateline
from repwatch.nlp.dictionary import Dictionary
from repwatch.nlp.doctext import sentence_of

if TYPE_CHECKING:
    from repwatch.nlp.places import PlaceSpan

SECTOR = "COP"
TARGET_PLACE_PREPS = frozenset({"in", "into", "inside", "from", "on", "against"})
STATE_NAMES = frozenset({"country", "capital"})


def _authority(evidence: ActorSpan, doc: Doc, country: str, d: Dictionary) -> ActorSpan:
    span, anchor = evidence.span, evidence.anchor
    return ActorSpan(span, anchor, f"{d.countries[country].name} police", country, SECTOR,
                     country + SECTOR, None, frozenset({"implicit"}), None, True,
                     "context")  # fmt: skip


def implicit_authority(
    doc: Doc, trigger: Token, target: ActorSpan | None, actors: list[ActorSpan], d: Dictionary
) -> ActorSpan | None:
    sent = sentence_of(trigger)
    target_country = target.country if target else None
    in_sentence = [a for a in actors if sent.start <= a.anchor < sent.end]
    for p in _places(doc):  # 1. "in Lithuania", "in Vilnius"
        root = p.span.root
        if (
            sent.start <= root.i < sent.end and p.country and p.country != target_country
            and root.dep_ == "pobj" and root.head.lower_ in ("in", "inside", "within")
        ):  # fmt: skip
            return _authority(_evidence(p.span, p.country), doc, p.country, d)
    if any(t.lower_ == "country" and t.head.lower_ == "in" for t in sent) or any(
        t.lower_ == "here" for t in sent
    ):  # 2. "in the country"
        for a in reversed([a for a in actors if a.anchor < sent.end]):
            if a.country and a.country != target_country and a.country_basis == "dictionary":
                return _authority(a, doc, a.country, d)
    found = dateline(doc, d)  # 3. the dateline, when the sentence names no other country
    others = {a.country for a in in_sentence if a.country and a.country_basis == "dictionary"}
    if found and found[0] != target_country and others <= {found[0]}:
        return _authority(_evidence(found[1], found[0]), doc, found[0], d)
    return None


def place_target(tok: Token, actors: Sequence[ActorSpan] = ()) -> ActorSpan | None:
    """The country of the place that the event at `tok` happens in or comes from: a
    place whose preposition hangs off `tok`, or off `tok`'s object or governing verb
    ("imposed a curfew in the town of Cizre", "lifted the curfew in Montenegro"), or
    off a participle that places the object ("shortened the curfew imposed in Sudan")."""
    doc = tok.doc
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    owners = {tok.i} | {c.i for c in objects}
    # "shortened the curfew imposed in Sudan": the participle that places the object
    owners |= {g.i for c in objects for g in c.children if g.dep_ == "acl" and g.tag_ == "VBN"}
    if tok.dep_ == "dobj":
        owners.add(tok.head.i)
    named = {
        i: a.country for a in actors if a.country and a.kinds & STATE_NAMES
        for i in range(a.start, a.end)
    }  # fmt: skip
    for p in _places(doc):
        # a country the actor dictionary names wins over a namesake town the
        # gazetteer ranks first ("in Montenegro province")
        country = next((named[i] for i in range(p.span.start, p.span.end) if i in named),
                       p.country)  # fmt: skip
        if not country:
            continue
        t = p.span.root
        if t.dep_ == "dobj" and t.head.i == tok.i:  # "shelled Kharkiv", "visited Aleppo"
            return _located(_evidence(p.span, country), country)
        for _ in range(4):  # "in the town of Cizre": up through "of" to "in"
            if t.dep_ != "pobj" or t.head.i == t.i:
                break
            prep = t.head
            if prep.lower_ in TARGET_PLACE_PREPS and prep.head.i in owners:
                return _located(_evidence(p.span, country), country)
            if prep.lower_ != "of" or prep.head.pos_ not in ("NOUN", "PROPN"):
                break
            t = prep.head
    return None


def as_place(actor: ActorSpan) -> ActorSpan | None:
    """`actor`, uncoded, as the country of the resolved place its words are, if they are
    one: "Goma" in "Rebels attack Goma", which the NER calls an organisation."""
    if actor.code or actor.country:
        return None
    span = actor.span
    for p in _places(span.doc):
        if p.country and p.span.start == span.start and p.span.end == span.end:
            return _located(_evidence(p.span, p.country), p.country)
    return None


def _places(doc: Doc) -> list[PlaceSpan]:
    """The places stage's resolved places in `doc` (none when it did not run)."""
    return (doc._.places if Doc.has_extension("places") else None) or []


def _evidence(span: Span, country: str) -> ActorSpan:
    """A bare actor for the place `span` in `country`: what `_located` and
    `_authority` turn into the country's actor."""
    return ActorSpan(span, span.root.i, "", country, None, None, None, frozenset(), None)


def _located(evidence: ActorSpan, country: str) -> ActorSpan:
    from repwatch.nlp.dictionary import load_cached

    name = load_cached().countries[country].name if country in load_cached().countries else country
    return ActorSpan(evidence.span, evidence.anchor, name, country, None, country, None,
                     frozenset({"place"}), None, False, "dictionary")  # fmt: skip
