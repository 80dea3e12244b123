"""Stage 3: place mentions, resolved against the offline gazetteer.

Contract: requires `doc.ents` and ``doc._.actors``; assigns ``doc._.places``, a list of
`PlaceSpan` in text order.  Predict (`find_places`) is a pure function of the Doc and
a `Gazetteer`; the component only sets the extension.

What is a place mention:
1. the wire dateline's place (``doc._.dateline``);
2. spaCy's GPE, LOC and FAC entities, and PERSON or ORG entities that the actor
   dictionary knows as a country or capital ("Minsk denied ...");
3. runs of capitalised proper nouns outside any entity that the gazetteer knows as a
   country, region, first-level division or a city of 100,000 people or more, or any
   town when the run follows a locative preposition ("at Voi");
4. towns the NER mislabels: an ORG or PERSON entity right after a locative
   preposition that the actor dictionary does not know and the gazetteer does ("clashed
   at Lamu"), and the parts of a place list glued into one entity ("Likoni (Mombasa").

A name ending in an administrative word ("Kirinyaga County", "Idlib governorate") is
looked up without it when the full name is unknown.

A demonym is not a place: "Belarusian operatives" locates nothing.  NORP entities,
adjectives, and words the actor dictionary knows only as a demonym are left out.
Country names and capitals are places too, even where the actors stage codes them as
a state actor: places are a separate layer.

How a mention resolves: the gazetteer's candidates are ranked with the document's
countries as context (the countries of ``doc._.actors`` and of places resolved
before it, starting with the unambiguous ones), so "Rotterdam" in a Dutch story is
the Dutch city.  "X, Y" where Y is a division or country narrows X to places inside
Y ("Paris, Texas").  A mention the gazetteer does not know is dropped: no place is
better than a made-up point.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from repwatch.nlp.dictionary import Dictionary, load_cached
from repwatch.nlp.gazetteer import Candidate, Gazetteer
from repwatch.nlp.gazetteer import load as load_gazetteer

PLACE_LABELS = ("GPE", "LOC", "FAC")
MAX_TOKENS = 4  # longest run of capitalised words tried against the gazetteer
MIN_POPULATION = 100_000  # a capitalised word outside entities must name a place this big
#: Mentions made only of these words are directions or landforms, not named places.
GENERIC = frozenset("north south east west central northern southern eastern western upper "
                    "lower coast valley river lake city county state island bay park light "
                    "broadway downtown midwest".split())  # fmt: skip

if not Doc.has_extension("places"):
    Doc.set_extension("places", default=None)


@dataclass(frozen=True)
class PlaceSpan:
    """A place mention at the token level, with the place it resolves to."""

    span: Span
    name: str
    country: str | None  # ISO-3; None for regions that cross borders
    admin1: str | None
    lat: float
    lon: float
    geonameid: int | None
    precision: str  # "city" | "admin2" | "admin1" | "country" | "region"


def _is_demonym(span: Span, d: Dictionary) -> bool:
    """Words the actor dictionary knows only as a demonym, or an adjective ("Turkish")."""
    kinds = {e.kind for e in d.lookup(span.text)}
    if "demonym" in kinds and not kinds & {"country", "capital"}:
        return True
    return span.root.pos_ == "ADJ" and span.root.tag_ == "JJ"


def _names_state(ent: Span, d: Dictionary) -> bool:
    """A country or capital that spaCy took for a person or organisation ("Minsk denied")."""
    return ent.label_ in ("PERSON", "ORG") and any(
        e.kind in ("country", "capital") for e in d.lookup(_strip(ent).text)
    )


def _strip(span: Span) -> Span:
    """Drop a leading article and a trailing possessive: "the Netherlands's" -> Netherlands."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and span.doc[end - 1].tag_ == "POS":
        end -= 1
    return span.doc[start:end]


def _capitalised(doc: Doc, i: int) -> bool:
    tok = doc[i]
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.ent_type_ == ""


LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "from", "to", "around"})


def _after_locative(ent: Span) -> bool:
    return (
        ent.label_ in ("ORG", "PERSON")
        and ent.start > 0
        and (ent.doc[ent.start - 1].lower_ in LOCATIVE_PREPS)
    )


def _listed_parts(ent: Span, gaz: Gazetteer) -> list[Span]:
    """Places inside an entity the NER glued together from a place list: spaCy reads
    "Likoni (Mombasa" or "Kisauni, Mombasa" as one ORG; each part the gazetteer knows
    is a place."""
    parts, run = [], []
    for tok in [*ent, None]:
        if tok is not None and tok.pos_ == "PROPN":
            run.append(tok)
            continue
        if run:
            part = ent.doc[run[0].i : run[-1].i + 1]
            if gaz.lookup(part.text):
                parts.append(part)
            run = []
    return parts


def _mentions(doc: Doc, gaz: Gazetteer, d: Dictionary) -> Iterator[Span]:
    """Candidate place mentions in text order (see module docstring)."""
    spans: list[Span] = []
    if doc._.dateline is not None:
        start, end = doc._.dateline
        dateline = doc.char_span(start, end, alignment_mode="expand")
        if dateline is not None:
            spans.append(dateline)
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS or _names_state(ent, d):
            spans.append(_strip(ent))
        elif any(t.text in "()," for t in ent):
            spans.extend(_listed_parts(ent, gaz))
        elif _after_locative(ent) and not d.lookup(ent.text) and gaz.lookup(ent.text):
            spans.append(ent)  # "clashed at Lamu": spaCy calls unfamiliar towns ORG
    i = 0
    while i < len(doc):
        for n in range(min(MAX_TOKENS, len(doc) - i), 0, -1):
            if all(_capitalised(doc, j) for j in range(i, i + n)):
                best = gaz.lookup(doc[i : i + n].text)
                locative = i > 0 and doc[i - 1].lower_ in LOCATIVE_PREPS
                if best and (
                    best[0].feature != "city" or best[0].population >= MIN_POPULATION or locative
                ):  # after "in"/"at"/"near", a small town is a place too
                    spans.append(doc[i : i + n])
                    i += n - 1
                    break
        i += 1
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (s.start, -len(s))):
        tokens = set(range(span.start, span.end))
        if not span.text.strip() or tokens & taken:
            continue
        if _is_demonym(span, d) or all(t.lower_ in GENERIC for t in span):
            continue
        taken |= tokens
        yield span


def _within(cands: list[Candidate], outer: Candidate | None) -> list[Candidate]:
    """Candidates inside `outer` (a country or first-level division), if any are."""
    if outer is None or outer.feature not in ("country", "admin1"):
        return cands
    inside = [
        c
        for c in cands
        if c.country == outer.country and (outer.feature == "country" or c.admin1 == outer.name)
    ]
    return inside or cands


def _qualifier(span: Span, gaz: Gazetteer) -> Candidate | None:
    """The place in "Paris, Texas" that says which Paris."""
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].text == ",":
        nxt = doc[span.end + 1]
        ent = next((e for e in doc.ents if e.start == nxt.i), None)
        text = ent.text if ent is not None else nxt.text
        if nxt.text[:1].isupper():
            ranked = gaz.lookup(text)
            return ranked[0] if ranked else None
    return None


ADMIN_SUFFIXES = frozenset(
    "county province district region state governorate prefecture municipality city town "
    "village oblast".split()
)


def _unsuffixed(span: Span, gaz: Gazetteer) -> list[Candidate]:
    """ "Kirinyaga County", "Idlib governorate": look the name up without its suffix."""
    words = span.text.split()
    if len(words) > 1 and words[-1].lower() in ADMIN_SUFFIXES:
        return gaz.candidates(" ".join(words[:-1]))
    return []


def find_places(
    doc: Doc, gazetteer: Gazetteer, dictionary: Dictionary | None = None
) -> list[PlaceSpan]:
    """Every place mention in `doc`, resolved; predict only, sets nothing."""
    d = dictionary or load_cached(())
    mentions = list(_mentions(doc, gazetteer, d))
    options = [gazetteer.candidates(m.text) or _unsuffixed(m, gazetteer) for m in mentions]
    context: set[str] = set()
    for cands in options:  # the unambiguous ones first
        countries = {c.country for c in cands}
        if len(countries) == 1 and None not in countries:
            context.add(str(cands[0].country))
    # Actors count too, but not those made of a place mention ("Paris" -> FRAGOV), which
    # speak for themselves once resolved, nor countries the actors stage guessed.
    in_mentions = {i for m in mentions for i in range(m.start, m.end)}
    for a in doc._.actors or ():
        overlaps = in_mentions.intersection(range(a.start, a.end))
        if a.country and a.country_basis == "dictionary" and not overlaps:
            context.add(a.country)
    places: list[PlaceSpan] = []
    for span, cands in zip(mentions, options, strict=True):
        cands = _within(cands, _qualifier(span, gazetteer))
        ranked = gazetteer.rank(cands, frozenset(context))
        if not ranked:
            continue
        best = ranked[0]
        if best.country:
            context.add(best.country)
        places.append(PlaceSpan(span, best.name, best.country, best.admin1, best.lat,
                                best.lon, best.geonameid, best.feature))  # fmt: skip
    return places


@Language.factory(
    "repwatch_places",
    requires=["doc.ents", "doc._.actors"],
    assigns=["doc._.places"],
)
def make_places(nlp: Language, name: str) -> PlacesComponent:
    return PlacesComponent()


class PlacesComponent:
    """Sets ``doc._.places``; the gazetteer loads on the first document, not at startup."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.places = find_places(doc, load_gazetteer())
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)
