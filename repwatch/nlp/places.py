"""Stage 3: place mentions, resolved against the offline gazetteer.

Contract: requires `doc.ents` and ``doc._.actors``; assigns ``doc._.places``, a list of
`PlaceSpan` in text order, and ``doc._.unresolved_places``, the `UnresolvedSpan` names
that read as places but that the gazetteer does not know (see the end of this
docstring).  Predict (`resolve_places`, `find_places`) is a pure function of the Doc and
a `Gazetteer`; the component only sets the extensions.

What is a place mention:
1. the wire dateline's place (``doc._.dateline``);
2. spaCy's GPE, LOC and FAC entities, and PERSON or ORG entities that the actor
   dictionary knows as a country or capital ("Minsk denied ...");
3. runs of capitalised proper nouns outside any entity that the gazetteer knows as a
   country, region, first-level division or a city of 100,000 people or more, or any
   town when the run follows a locative preposition ("at Voi");
4. towns the NER mislabels: an ORG, PERSON, NORP or similar entity that the actor
   dictionary does not know and the gazetteer does, right after a locative preposition
   ("clashed at Lamu"), an opening bracket ("Likoni (Mombasa)") or "residents of"; an
   ORG modifying a common noun that the gazetteer knows by that very name as a division
   or a city of 100,000 ("Kisumu students"), or that follows a verb of armed attack
   ("Rebels attack Goma", "shelled Kharkiv"; a person attacked by a one-word name that
   is also a big city's, "attacked Jackson", is taken for the city: an accepted risk,
   since "arrested Jackson" is not such a verb); and the parts of a place list glued into
   one entity ("Likoni (Mombasa", "Nis, Serbia", "Dhaka - Tejgaon", "Saraqab in Idleb";
   "Dhaka-Rajshahi highway" only when every hyphenated part is a place, so
   "Diaz-Balart" is not).  Acronyms ("(VARA)") are not taken for towns.

A name ending in an administrative word ("Kirinyaga County", "Idlib governorate") is
looked up without it when the full name is unknown, and then stands for the division
of that name where there is one ("Kwale County" is Kenya's, not Nigeria's town).

A demonym is not a place: "Belarusian operatives" locates nothing.  NORP entities,
adjectives, and words the actor dictionary knows only as a demonym are left out.
Country names and capitals are places too, even where the actors stage codes them as
a state actor: places are a separate layer.

How a mention resolves: the gazetteer's candidates are ranked with the document's
countries as context (the countries of ``doc._.actors`` and of places resolved
before it, starting with the clear ones: a name with one country, or whose namesakes
abroad it dwarfs, as "Dhaka"), so "Rotterdam" in a Dutch story is the Dutch city.
Next come the countries that the most names of the text could be in, if two or more
could.  "X, Y" and "X (Y)", where Y can hold X, narrow X to places inside Y ("Paris,
Texas", "San Antonio (Valparaiso)", chains right to left); where Y is in a country
that has no X at all ("Fatehpur, Bangladesh"), X is an unresolved name, not the
gazetteer's namesake abroad.  A town inside a
first-level division the text names is that one ("London" in a story naming Ontario),
unless the name is also a country or region ("China", Texas).  A mention the
gazetteer does not know is not a place: no place is better than a made-up point.

Unresolved names: a GPE, LOC or FAC entity that the gazetteer does not know (mostly a
village or a quarter, "near Batrah"), or a name the text puts inside a place of another
country than the gazetteer's namesakes ("Fatehpur, Bangladesh"), written with a capital
and no digit, and that the actor dictionary does not know either ("Boko Haram" is an
actor, not a village), is kept in ``doc._.unresolved_places``. It has no coordinates and
no country; the anchoring stage may still name it as where an event happened when the
event's syntax says so, and takes its country from the places around it (anchoring.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.attrs import ENT_TYPE, POS
from spacy.language import Language
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token

from repwatch.nlp.dictionary import Dictionary, load_cached
from repwatch.nlp.doctext import words_of
from repwatch.nlp.gazetteer import DWARF_RATIO, Candidate, Gazetteer, key
from repwatch.nlp.gazetteer import load as load_gazetteer

PLACE_LABELS = ("GPE", "LOC", "FAC")
MAX_TOKENS = 4  # longest run of capitalised words tried against the gazetteer
MIN_POPULATION = 100_000  # a capitalised word outside entities must name a place this big
#: Mentions made only of these words are directions or landforms, not named places.
GENERIC = frozenset("north south east west central northern southern eastern western upper "
                    "lower coast valley river lake city county state island bay park light "
                    "broadway downtown midwest al el".split())  # fmt: skip

if not Doc.has_extension("places"):
    Doc.set_extension("places", default=None)
if not Doc.has_extension("unresolved_places"):
    Doc.set_extension("unresolved_places", default=None)


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


@dataclass(frozen=True)
class UnresolvedSpan:
    """A name that reads as a place (a GPE, LOC or FAC entity, or one the text puts
    inside a known place) but that the gazetteer lacks."""

    span: Span

    @property
    def name(self) -> str:
        return self.span.text


UNRESOLVED_LABELS = ("GPE", "LOC", "FAC")
MAX_UNRESOLVED_TOKENS = 4


def _unresolved(span: Span, d: Dictionary, named: bool = False) -> bool:
    """Whether a mention the gazetteer does not know may stand as an unresolved place;
    `named`: the text itself says it is a place ("Santa Rosa, Laguna"), whatever the
    NER's label."""
    if not named and span.root.ent_type_ not in UNRESOLVED_LABELS:
        return False
    if len(span) > MAX_UNRESOLVED_TOKENS:
        return False
    if not span.text[:1].isupper() or any(c.isdigit() for c in span.text):
        return False
    return not d.lookup(span.text)


def _is_demonym(span: Span, d: Dictionary) -> bool:
    """Words the actor dictionary knows only as a demonym, or an adjective ("Turkish")."""
    kinds = {e.kind for e in d.lookup(span.text)}
    if "demonym" in kinds and not kinds & {"country", "capital"}:
        return True
    after = span.start > 0 and (span.doc[span.start - 1].lower_ in LOCATIVE_PREPS
                                or span.doc[span.start - 1].text == "(")  # fmt: skip
    return span.root.pos_ == "ADJ" and span.root.tag_ == "JJ" and not after


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


def _capitalised_runs(doc: Doc) -> list[int]:
    """For each token, how many capitalised proper nouns outside any entity run from it
    (0 for a token that is not one): the word runs tried against the gazetteer."""
    runs = [0] * (len(doc) + 1)
    words = words_of(doc)
    tags = doc.to_array([POS, ENT_TYPE]).tolist()  # read as arrays: no Token per word
    for i in range(len(doc) - 1, -1, -1):
        pos, ent_type = tags[i]
        if pos == PROPN and words[i][:1].isupper() and ent_type == 0:
            runs[i] = runs[i + 1] + 1
    return runs


SEPARATORS = frozenset({"-", "–", "/"})  # see `_separates`
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "from", "to", "around"})


MISLABELS = ("ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "NORP")
#: "residents of Garissa": nouns whose "of" names a place.
PEOPLE_OF = frozenset("residents resident people villagers inhabitants outskirts town village "
                      "city county district province parts part".split())  # fmt: skip


def _after_locative(ent: Span) -> bool:
    """After "in"/"at", an opening bracket ("Likoni (Mombasa)"), a comma inside one, or
    "residents of"."""
    doc, i = ent.doc, ent.start
    if ent.label_ not in MISLABELS or i == 0:
        return False
    if doc[i - 1].lower_ == "of":
        return i > 1 and doc[i - 2].lower_ in PEOPLE_OF
    return doc[i - 1].lower_ in LOCATIVE_PREPS or doc[i - 1].text == "(" or _listed_in_brackets(ent)


def _listed_in_brackets(ent: Span) -> bool:
    """A later name of a bracketed list of places, "(Noakhali Sadar, Chittagong)": ACLED
    and wire copy give a place's district and province so."""
    doc, i = ent.doc, ent.start
    if doc[i - 1].text != ",":
        return False
    for j in range(i - 2, max(-1, i - 12), -1):
        if doc[j].text == "(":
            return True
        if doc[j].text == ")" or doc[j].is_sent_start:
            return False
    return False


def _modifies_noun(ent: Span, gaz: Gazetteer) -> bool:
    """ "Kisumu students", "Mandera police station": an ORG that modifies a common noun
    and that the gazetteer knows by its own name as a division or a city of 100,000."""
    root = ent.root
    if ent.label_ != "ORG" or root.dep_ != "compound" or len(ent) > 2:
        return False
    if root.head.pos_ != "NOUN" or not root.head.text.islower():
        return False
    return _big_place(ent.text, gaz)


#: Verbs of armed attack whose object is often a town: "shelled Kharkiv".
STRIKE_VERBS = frozenset("attack bomb bombard shell raid storm besiege invade overrun "
                         "capture seize recapture retake".split())  # fmt: skip


def _struck(ent: Span, gaz: Gazetteer) -> bool:
    """ "shelled Kharkiv", "Rebels attack Goma.": an ORG or PERSON right after a verb
    of armed attack (tagged as a verb, or as a noun after a plural noun: a headline's
    verb) that the gazetteer knows by its own name as a division or a city of 100,000.
    A person hit by name ("attacked Jackson") is rarely a one-word name of a city
    that big; a smaller town needs "in" or "at" before it."""
    doc, i = ent.doc, ent.start
    if ent.label_ not in ("ORG", "PERSON") or i == 0 or len(ent) > 2:
        return False
    verb = doc[i - 1]
    if verb.lemma_.lower() not in STRIKE_VERBS:
        return False
    headline = verb.tag_ == "NN" and verb.i > 0 and doc[verb.i - 1].tag_ == "NNS"
    return (verb.tag_.startswith("VB") or headline) and _big_place(ent.text, gaz)


def _big_place(text: str, gaz: Gazetteer) -> bool:
    """Whether the gazetteer knows `text` by its own name as a division or a city of
    100,000 people or more."""
    best = gaz.lookup(text)
    return (
        bool(best)
        and key(best[0].name) == key(text)  # its own name, not an alias ("Motown")
        and (best[0].feature != "city" or best[0].population >= MIN_POPULATION)
    )


def _separates(tok: Token) -> bool:
    """A comma or bracket, or a dash or slash with spaces around it ("Dhaka - Tejgaon");
    not the hyphen of a name ("Diaz-Balart")."""
    if tok.text in "(),":
        return True
    spaced = tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_) and bool(tok.whitespace_)
    return tok.text in SEPARATORS and spaced


def _acronym(span: Span) -> bool:
    return span.text.isupper() and "." not in span.text


def _known_parts(span: Span, gaz: Gazetteer) -> list[Span]:
    """`span` if the gazetteer knows it; else its hyphenated parts if it knows them all
    ("Dhaka-Rajshahi highway"), but not a name's ("Diaz-Balart")."""
    if _acronym(span):
        return []
    if gaz.lookup(span.text):
        return [span]
    cuts = [t.i for t in span if t.text in SEPARATORS]
    if not cuts:
        return []
    bounds = [span.start - 1, *cuts, span.end]
    parts = [span.doc[a + 1 : b] for a, b in zip(bounds, bounds[1:], strict=False)]
    if all(len(p) and not _acronym(p) and gaz.lookup(p.text) for p in parts):
        return parts
    return []


def _listed_parts(ent: Span, gaz: Gazetteer) -> list[Span]:
    """Places inside an entity the NER glued together from a place list: spaCy reads
    "Likoni (Mombasa" or "Kisauni, Mombasa" as one ORG; each part the gazetteer knows
    is a place, unless it is an acronym."""
    parts: list[Span] = []
    run: list[Token] = []
    for tok in [*ent, None]:
        if tok is not None and (
            tok.pos_ == "PROPN" or (run and not _separates(tok) and tok.text in SEPARATORS)
        ):
            run.append(tok)
            continue
        if run:
            while run and run[-1].pos_ != "PROPN":
                run.pop()
            if run:
                parts += _known_parts(ent.doc[run[0].i : run[-1].i + 1], gaz)
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
        glued = any(_separates(t) or (t.lower_ == "in" and t.i > ent.start) for t in ent)
        hyphened = any(t.text in SEPARATORS for t in ent)
        if (ent.label_ in PLACE_LABELS and (glued or hyphened)
                and not gaz.candidates(_strip(ent).text)):  # fmt: skip
            spans.extend(_listed_parts(ent, gaz))  # "Nis, Serbia" as one GPE
        elif ent.label_ in PLACE_LABELS or _names_state(ent, d):
            spans.append(_strip(ent))
        elif (
            (_after_locative(ent) or _modifies_noun(ent, gaz) or _struck(ent, gaz))
            and not _acronym(ent)
            and not d.lookup(ent.text)
            and gaz.lookup(ent.text)
        ):
            spans.append(ent)  # "clashed at Lamu": spaCy calls unfamiliar towns ORG
        elif (glued or hyphened) and ent.label_ in MISLABELS:
            spans.extend(_listed_parts(ent, gaz))
    runs = _capitalised_runs(doc)
    i = 0
    while i < len(doc):
        for n in range(min(MAX_TOKENS, runs[i]), 0, -1):
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
    spans = [_with_period(s, gaz) for s in spans]
    for span in sorted(spans, key=lambda s: (s.start, -len(s))):
        tokens = set(range(span.start, span.end))
        if not span.text.strip() or tokens & taken:
            continue
        if _is_demonym(span, d) or all(t.lower_ in GENERIC for t in span):
            continue
        taken |= tokens
        yield span


def _with_period(span: Span, gaz: Gazetteer) -> Span:
    """ "Churchill, Man. her parents": the tokenizer splits a sentence-final-looking
    period off an abbreviation; take it back when the name with it is one ("Man.")."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].text == "." and f"{span.text}." in gaz.abbrevs:
        return doc[span.start : span.end + 1]
    return span


def _cohere(places: list[PlaceSpan], options: list[list[Candidate]],
            gaz: Gazetteer) -> list[PlaceSpan]:  # fmt: skip
    """Places named in one sentence are mostly in one country: a place resolved abroad
    while the sentence's other places share a country takes its namesake there, if it
    has one that is not dwarfed ("Hays city (Al Hudaydah)" is Yemen's Hays)."""
    out = list(places)
    sents = [(s.start, s.end) for s in (p.span.sent for p in places)]  # once each, not n²
    for i, (place, cands) in enumerate(zip(places, options, strict=True)):
        others = {p.country for j, p in enumerate(places)
                  if j != i and sents[j] == sents[i] and p.country} - {None}  # fmt: skip
        if len(others) != 1 or place.country in others:
            continue
        best = gaz.rank(cands, frozenset(others))[0]
        if best.country in others and best.feature != "region":
            out[i] = PlaceSpan(place.span, best.name, best.country, best.admin1, best.lat,
                               best.lon, best.geonameid, best.feature)  # fmt: skip
    return out


def _within(cands: list[Candidate], outer: Candidate | None) -> list[Candidate]:
    """Candidates inside `outer` (its first-level division, else its country), if any are."""
    if outer is None or outer.country is None:
        return cands
    inside = [
        c
        for c in cands
        if c.country == outer.country and (outer.feature != "admin1" or c.admin1 == outer.name)
    ]
    return inside or cands


def _elsewhere(inner: list[Candidate], outer: list[Candidate], context: frozenset[str],
               gaz: Gazetteer) -> bool:  # fmt: skip
    """ "Santa Rosa, Laguna": the qualifying place is a country, division or town of a
    country where the inner name has no namesake, so the gazetteer's namesakes abroad
    (Santa Rosa, California) are not it; the name is then a place the gazetteer lacks."""
    ranked = gaz.rank(outer, context)
    if not ranked or not inner or ranked[0].feature == "region" or ranked[0].country is None:
        return False
    return all(c.country != ranked[0].country for c in inner)


def _qualifies(inner: Span, outer: Span) -> bool:
    """ "Paris, Texas", "Likoni (Mombasa)": a place right after another, set off by a
    comma or a bracket, says where the first one is."""
    doc = inner.doc
    return outer.start == inner.end + 1 and doc[inner.end].text in (",", "(")


def _outer(inner: list[Candidate], outer: list[Candidate], context: frozenset[str],
           gaz: Gazetteer) -> Candidate | None:  # fmt: skip
    """The qualifying place that can hold one of the inner place's candidates, best first."""
    fits = [o for o in outer if o.country is not None and o.feature != "region"
            and any(c is not o and _within([c], o) == [c] and c.country == o.country
                    for c in inner)]  # fmt: skip
    ranked = gaz.rank(fits, context)
    return ranked[0] if ranked else None


ADMIN_SUFFIXES = frozenset(
    "county province district region state governorate prefecture municipality city town "
    "village oblast".split()
)


def _unsuffixed(span: Span, gaz: Gazetteer) -> list[Candidate]:
    """ "Kirinyaga County", "Idlib governorate": look the name up without its suffix."""
    words = span.text.split()
    if len(words) > 1 and words[-1].lower() in ADMIN_SUFFIXES:
        cands = gaz.candidates(" ".join(words[:-1]))
        return [c for c in cands if c.feature in ("admin1", "admin2")] or cands
    return []


def _clear_country(cands: list[Candidate]) -> str | None:
    """The country of a name that has one, or whose namesakes abroad it dwarfs ("Dhaka")."""
    countries = {c.country for c in cands}
    if len(countries) == 1 and None not in countries:
        return str(cands[0].country)
    top = max(cands, key=lambda c: c.population, default=None)
    if top is None or top.country is None or top.feature != "city":
        return None
    abroad = max((c.population for c in cands if c.country != top.country), default=0)
    return top.country if abroad * DWARF_RATIO < top.population else None


def _likely(options: list[list[Candidate]]) -> frozenset[str]:
    """The countries that the most names of the text could be in, if two or more could."""
    votes = Counter(country for cands in options for country in {c.country for c in cands})
    votes.pop(None, None)
    most = max(votes.values(), default=0)
    return frozenset(str(c) for c, n in votes.items() if n == most) if most > 1 else frozenset()


def _divisions(options: list[list[Candidate]], gaz: Gazetteer, context: frozenset[str],
               likely: frozenset[str]) -> set[tuple[str | None, str]]:  # fmt: skip
    """(country, name) of the first-level divisions the text names ("Ontario", "Kilifi
    county"): a town named alongside one is the namesake inside it ("London", Ontario)."""
    found = set()
    for cands in options:
        ranked = gaz.rank(cands, context, likely)
        if not ranked or ranked[0].feature != "admin1":
            continue
        top = ranked[0]
        if not any(c.feature == "country" for c in gaz.index.get(key(top.name), ())):
            found.add((top.country, top.name))  # not a nation within one ("England")
    return found


def find_places(
    doc: Doc, gazetteer: Gazetteer, dictionary: Dictionary | None = None
) -> list[PlaceSpan]:
    """Every place mention in `doc`, resolved; predict only, sets nothing."""
    return resolve_places(doc, gazetteer, dictionary)[0]


def resolve_places(
    doc: Doc, gazetteer: Gazetteer, dictionary: Dictionary | None = None
) -> tuple[list[PlaceSpan], list[UnresolvedSpan]]:
    """The place mentions of `doc`, resolved, and the names the gazetteer does not know
    that still read as places (`_unresolved`); predict only, sets nothing."""
    d = dictionary or load_cached(())
    mentions = list(_mentions(doc, gazetteer, d))
    options = [gazetteer.candidates(m.text) or _unsuffixed(m, gazetteer) for m in mentions]
    context: set[str] = set()
    for cands in options:  # the unambiguous ones first
        country = _clear_country(cands)
        if country is not None:
            context.add(country)
    # Actors count too, but not those made of a place mention ("Paris" -> FRAGOV), which
    # speak for themselves once resolved, nor countries the actors stage guessed.
    in_mentions = {i for m in mentions for i in range(m.start, m.end)}
    for a in doc._.actors or ():
        overlaps = in_mentions.intersection(range(a.start, a.end))
        if a.country and a.country_basis == "dictionary" and not overlaps:
            context.add(a.country)
    known = frozenset(context)
    likely = _likely(options)
    foreign = set()  # mentions the text puts inside a place where the gazetteer has none
    for i in range(len(mentions) - 2, -1, -1):  # "San Juan, Lagunillas, Merida": outer first
        if _qualifies(mentions[i], mentions[i + 1]):
            outer = _outer(options[i], options[i + 1], known, gazetteer)
            options[i] = _within(options[i], outer)
            if outer is None and _elsewhere(options[i], options[i + 1], known, gazetteer):
                options[i] = []
                foreign.add(i)
    divisions = _divisions(options, gazetteer, known, likely)
    places: list[PlaceSpan] = []
    unresolved: list[UnresolvedSpan] = []
    used: list[list[Candidate]] = []
    for n, (span, cands) in enumerate(zip(mentions, options, strict=True)):
        wide = any(c.feature in ("country", "region") for c in cands)  # "China", Texas
        inside = [c for c in cands if c.feature != "admin1" and c.admin1 is not None
                  and (c.country, c.admin1) in divisions and not wide]  # fmt: skip
        cands = inside or cands
        ranked = gazetteer.rank(cands, frozenset(context), likely)
        if not ranked:
            if _unresolved(span, d, named=n in foreign):
                unresolved.append(UnresolvedSpan(span))
            continue
        best = ranked[0]
        if best.country:
            context.add(best.country)
        places.append(PlaceSpan(span, best.name, best.country, best.admin1, best.lat,
                                best.lon, best.geonameid, best.feature))  # fmt: skip
        used.append(cands)
    return _cohere(places, used, gazetteer), unresolved


@Language.factory(
    "repwatch_places",
    requires=["doc.ents", "doc._.actors"],
    assigns=["doc._.places", "doc._.unresolved_places"],
)
def make_places(nlp: Language, name: str) -> PlacesComponent:
    return PlacesComponent()


class PlacesComponent:
    """Sets ``doc._.places`` and ``doc._.unresolved_places``; the gazetteer loads on
    the first document, not at startup."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.places, doc._.unresolved_places = resolve_places(doc, load_gazetteer())
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)
