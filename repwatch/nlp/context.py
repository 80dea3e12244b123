"""Countries from context, for actors whose own words name none.

News writes "the regime", "police" or "the authorities" and leaves the country to the
reader.  These rules fill it in and mark ``country_basis="context"`` so a reader can
tell inferred countries from stated ones:

* "regime", "junta", "dictatorship" and intelligence roles (agents, spies, operatives):
  the article's *dominant foreign country*: the country most often named by actor
  mentions, leaving out the dateline's country (the host where the story is filed);
* police, courts, prosecutors and other state roles: the dateline's country (the
  authorities of the place), unless their sentence happens "in" a large town or a
  province of another country; failing that, the nearest country named before the
  mention within two sentences; failing that, the first named later in its sentence;
* exiles, dissidents, refugees (OPP/REF roles): the dominant foreign country (exiles
  are exiles from somewhere);
* civilians and armed groups (CVL, REB roles: "prisoners", "people", "militants"):
  the country of the place their sentence (or the one before) happens in; not the
  dateline's, which says where the story was filed, not whose people these are;
  failing that, like parties, clergy, unions and gangs (REL, PTY, LAB, CRM), the one
  country their sentence names, unless soldiers or spies in it act abroad;
* a people that spans states ("Kurdish fighters", `ActorSpan.candidates`): the one of
  its states named nearest before it within two sentences, else later in its
  sentence, else none;
* "ethnic Albanians" are a people, not a nationality: they take the first other
  country named in their sentence ("ethnic Albanians ... Macedonia's border" -> MKD),
  else keep the demonym's;
* a government named after a person the dictionary does not know ("the Smith
  administration", `ActorSpan.owned`) takes no country from context.

State roles yield to a place in another country when their sentence, or the one
before, names one after "in", "inside", "near" or "at" ("three soldiers near
Timbuktu" in a story filed from Vienna): a country, a province, or a town whose
namesakes all lie in one country.

The dateline is the all-capitals place that opens a wire story ("VILNIUS, March 4
(Wire) - ..."), looked up in the actor dictionary (country names and capitals).
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span, Token

from repwatch.nlp.actors import ActorSpan, place_country, with_country
from repwatch.nlp.dictionary import Dictionary
from repwatch.nlp.doctext import sentence_bounds, sentence_of, sentence_start_of, text_of

REGIME_WORDS = frozenset({"regime", "junta", "dictatorship", "tyranny"})
ORIGIN_SECTORS = frozenset({"SPY", "OPP", "REF"})
DOMESTIC = frozenset({"COP", "JUD", "LEG"})
#: Unnamed civilians and armed groups belong where they are: "prisoners rioted at a
#: jail in Dili", "people blocked streets in Hong Kong".
LOCAL = frozenset({"CVL", "REB"})
#: Parties, clergy, unions and gangs with no country of their own belong to the one
#: country their sentence names ("the fundamentalist party will boycott Algeria's
#: elections").
NATIVE = frozenset({"REL", "PTY", "CRM", "LAB"})
#: Sectors that act abroad: their country says nothing of the people around them.
ABROAD = frozenset({"MIL", "SPY"})


def dateline(doc: Doc, d: Dictionary) -> tuple[str, Span] | None:
    """(ISO-3 country, span of the place) of the article's dateline (`paragraphs` finds
    it): a country or capital the actor dictionary knows, else the most populous town
    of that name in the offline gazetteer ("BRUSSELS", "ISTANBUL")."""
    if doc._.dateline is None:
        return None
    start, end = doc._.dateline
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    name = text_of(doc)[start:end].title()
    for entry in d.lookup(name):
        if entry.country and entry.kind in ("capital", "country"):
            return entry.country, span
    from repwatch.nlp.gazetteer import load as load_gazetteer  # loaded once, lazily

    towns = [c for c in load_gazetteer().lookup(name) if c.country and c.feature == "city"]
    if towns:
        best = max(towns, key=lambda c: c.population)
        return str(best.country), span
    return None


def dateline_country(doc: Doc, d: Dictionary) -> str | None:
    found = dateline(doc, d)
    return found[0] if found else None


def dominant_country(actors: list[ActorSpan], exclude: str | None) -> str | None:
    counts = Counter(
        a.country for a in actors if a.country and a.country_basis == "dictionary"
        and a.country != exclude
    )  # fmt: skip
    if not counts:
        return None
    best = max(counts.values())
    for a in actors:  # ties: the earliest named
        if a.country and counts.get(a.country) == best:
            return a.country
    return None


def infer_countries(doc: Doc, actors: list[ActorSpan], d: Dictionary) -> list[ActorSpan]:
    dateline = dateline_country(doc, d)
    foreign = dominant_country(actors, dateline)
    sent_of = {i: n for n, (start, end) in enumerate(sentence_bounds(doc))
               for i in range(start, end)}  # fmt: skip
    out: list[ActorSpan] = []
    for actor in actors:
        if actor.country and _ethnic(doc, actor):
            actor = _ethnic_residence(actor, actors, sent_of, d)
        if actor.candidates and not actor.country:
            country = _named_among(actor, actor.candidates, out, actors, sent_of)
            out.append(with_country(actor, country, d) if country else actor)
            continue
        if actor.country or actor.sector is None or actor.owned:
            out.append(actor)
            continue
        country = None
        if actor.role in REGIME_WORDS or actor.sector in ORIGIN_SECTORS:
            country = foreign
        elif actor.sector in LOCAL:
            country = _placed_elsewhere(doc, actor, None, d) or _sole_country(
                actor, actors, sent_of
            )
        elif actor.sector in NATIVE:
            country = _sole_country(actor, actors, sent_of)
        elif actor.state:
            country = (
                (dateline and _placed_elsewhere(doc, actor, dateline, d))
                or dateline
                or _nearest_before(actor, out, sent_of)
                or _next_in_sentence(actor, actors, sent_of)
            )
        if country:
            actor = with_country(actor, country, d)
        out.append(actor)
    return out


def _sole_country(actor: ActorSpan, actors: list[ActorSpan], sent_of: dict[int, int]) -> str | None:
    """The one country its sentence names, when it names exactly one: "Islamic
    fundamentalists demanded the resignation of the Algerian president", "police in
    Cairo dispersed demonstrators".  Soldiers and spies act abroad, so "US troops
    killed three militants" says nothing of whose militants these are."""
    here = sent_of[actor.anchor]
    countries = {
        o.country for o in actors
        if o is not actor and sent_of[o.anchor] == here and o.country
        and o.country_basis == "dictionary"
    }  # fmt: skip
    if len(countries) != 1 or any(
        o.sector in ABROAD and sent_of[o.anchor] == here for o in actors if o.country
    ):
        return None
    return next(iter(countries))


def _ethnic(doc: Doc, actor: ActorSpan) -> bool:
    """ "ethnic Albanians", "ethnic Russian minority": a demonym as a people."""
    return "demonym" in actor.kinds and any(t.lower_ == "ethnic" for t in actor.span)


def _ethnic_residence(
    actor: ActorSpan, actors: list[ActorSpan], sent_of: dict[int, int], d: Dictionary
) -> ActorSpan:
    here = sent_of[actor.anchor]
    for other in actors:
        if (
            sent_of[other.anchor] == here
            and other.country
            and other.country != actor.country
            and other.country_basis == "dictionary"
            and not _ethnic(actor.span.doc, other)
        ):
            return with_country(actor, other.country, d)
    return actor


def _named_among(
    actor: ActorSpan,
    states: tuple[str, ...],
    before: list[ActorSpan],
    actors: list[ActorSpan],
    sent_of: dict[int, int],
) -> str | None:
    """The one of `states` named nearest before `actor` within two sentences, else
    later in its sentence."""
    here = sent_of[actor.anchor]
    for other in reversed(before):
        if here - sent_of[other.anchor] > 2:
            break
        if other.country in states and other.country_basis == "dictionary":
            return other.country
    for other in actors:
        if other.anchor > actor.anchor and sent_of[other.anchor] == here:
            if other.country in states and other.country_basis == "dictionary":
                return other.country
    return None


def _nearest_before(
    actor: ActorSpan, before: list[ActorSpan], sent_of: dict[int, int]
) -> str | None:
    """The nearest country named before, within two sentences.  Police, courts and
    legislators look first for an earlier actor of the same kind ("Dutch police ...
    prosecutors said"), since "Iranian agents" in between say nothing of whose
    prosecutors these are."""
    here = sent_of[actor.anchor]
    window = [o for o in reversed(before) if here - sent_of[o.anchor] <= 2]
    stated = [o for o in window if o.country and o.country_basis == "dictionary"]
    if actor.sector in DOMESTIC:
        same_kind = [o for o in stated if o.sector in DOMESTIC]
        if same_kind:
            return same_kind[0].country
    return stated[0].country if stated else None


def _next_in_sentence(
    actor: ActorSpan, actors: list[ActorSpan], sent_of: dict[int, int]
) -> str | None:
    """The first country named later in the same sentence: "President X ... Ugandan"."""
    here = sent_of[actor.anchor]
    for other in actors:
        if other.anchor > actor.anchor and sent_of[other.anchor] == here:
            if other.country and other.country_basis == "dictionary":
                return other.country
    return None


def _placed_elsewhere(
    doc: Doc, actor: ActorSpan, dateline: str | None, d: Dictionary
) -> str | None:
    """A sentence (or the one before it in the same paragraph) that happens "in",
    "near" or "at" a place of a country other than the dateline's (for `LOCAL` roles,
    `dateline` is None and any country counts): a story filed from a
    regional bureau ("ALMATY - ... officers questioned him in Istanbul") or from a
    wire desk ("VIENNA - ... three soldiers were killed near Timbuktu") is about that
    country's officers, not the bureau's.  A place counts when the gazetteer puts every
    place so named in one country that is not the dateline's (`actors.place_country`),
    so a namesake of a local town never moves the actor abroad; "near the town of
    Samarra" names Samarra."""
    sent = sentence_of(doc[actor.anchor])
    start = sent.start
    if start > 0 and "\n" not in doc[start - 1].text_with_ws:
        start = sentence_start_of(doc, start - 1)  # the sentence before, in the same paragraph
    for tok in doc[start : sent.end]:
        if tok.dep_ != "pobj" or tok.pos_ != "PROPN" or _locative(tok) is None:
            continue
        name = doc[tok.left_edge.i : tok.i + 1]
        while name.start < tok.i and name[0].pos_ != "PROPN":
            name = doc[name.start + 1 : name.end]
        country = _state_named(name.text, d) or place_country(
            name.text, tok.ent_type_ or "GPE", villages=True
        )
        if country and country != dateline:
            return country
    return None


def _state_named(name: str, d: Dictionary) -> str | None:
    """The country of a country name or capital ("Dushanbe", which spaCy may take for
    an organisation)."""
    for entry in d.lookup(name):
        if entry.country and entry.kind in ("country", "capital"):
            return entry.country
    return None


PLACE_NOUNS = frozenset("town city village province region district area state".split())


def _locative(tok: Token) -> Token | None:
    """The preposition that places `tok`: "in X", "near X", "at X", and "near the town
    of X"."""
    prep = tok.head
    if prep.lower_ == "of" and prep.head.lower_ in PLACE_NOUNS and prep.head.dep_ == "pobj":
        prep = prep.head.head
    return prep if prep.lower_ in ("in", "inside", "near", "at") else None
