"""Stage 1: actor mentions, resolved against the actor dictionary.

Contract: requires the parse and `doc.ents`; assigns ``doc._.actors``, a list of
`ActorSpan` in text order.  Predict (`find_actors`) is a pure function of the Doc;
the component only sets the extension.

How a mention is built:
1. dictionary aliases are matched (longest first); unknown PERSON/ORG entities from
   spaCy's NER are kept as pieces too;
2. each piece climbs the parse to the noun it modifies (compound, amod, poss, flat,
   appos, and "of/in/from" attachments to a role or group noun), so that
   "Lithuanian Foreign Minister Gabrielius Landsbergis" or "the regime's agents" or
   "members of the exiled Belarusian opposition" become one mention;
3. the pieces of a mention resolve together: a named organisation or person wins;
   otherwise the country comes from a country name, demonym or capital and the sector
   from the role at the head ("three Belarusian operatives" -> BLR + SPY);
   failing those, from a place name that modifies the role ("Darfur rebels", "police
   in Timbuktu"), when the gazetteer puts every place of that name in one country, or
   from a known leader's surname before a government noun ("the Bush administration");
4. state roles with no country in their own words take one from context
   (`context.infer_countries`), marked ``country_basis="context"``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from repwatch.nlp.dictionary import Dictionary, Entry, load_cached
from repwatch.nlp.doctext import span_text, words_of
from repwatch.nlp.headlines import headline_verbs, misread_actors
from repwatch.nlp.lexicon import load_cached as load_lexicon
from repwatch.nlp.matcher import AliasIndex, Match

NOMINAL = ("NOUN", "PROPN")
LOCATIVE_PREPS = frozenset({"in", "inside", "within", "near", "across", "throughout", "around"})
NOUN_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "dative")
#: Nouns that stand for a group or member of whatever follows "of": "members of X".
GROUP_NOUNS = frozenset(
    "member members supporter supporters leader leaders head chief spokesman spokeswoman "
    "spokesperson official officials representative representatives agent agents officer "
    "officers delegation group groups faction wing envoy envoys commander commanders "
    "director minister ministers president citizen citizens national nationals".split()
)
#: Role nouns naming a body rather than a person ("he said" never means "the embassy").
INSTITUTION_HEADS = frozenset(
    "embassy ministry government court office council parliament agency service police "
    "army regime authorities administration committee party newspaper broadcaster "
    "consulate cabinet department military force media union group organisation "
    "organization movement front junta assembly senate congress tribunal prosecution "
    "station radio television daily network".split()
)
#: Nouns after a place's name that make it a division: "Sindh province".
DIVISION_NOUNS = frozenset("province state region district county city town governorate".split())
#: Government nouns that a leader's surname can own: "the Bush administration".
OWNED_HEADS = frozenset("administration government regime cabinet junta presidency".split())
PLACE_LABELS = ("GPE", "LOC", "FAC")
CLIMB_DEPS = ("compound", "amod", "nmod", "poss", "flat", "nummod", "appos")
SECTOR_LABEL = {
    "GOV": "government", "MIL": "military", "COP": "police", "SPY": "intelligence",
    "JUD": "judiciary", "LEG": "legislature", "OPP": "opposition", "REB": "rebels",
    "PTY": "party", "MED": "media", "CVL": "civilians", "REF": "refugees",
    "NGO": "NGO", "IGO": "IGO", "BUS": "business", "EDU": "education", "REL": "religious",
    "HRI": "rights activists", "LAB": "labour", "CRM": "criminals",
}  # fmt: skip


@dataclass(frozen=True)
class ActorSpan:
    """An actor mention at the token level; `nlp.to_model` turns it into `model.Actor`."""

    span: Span
    anchor: int  # token index of the mention's head noun
    name: str
    country: str | None
    sector: str | None
    code: str | None
    entry: str | None
    kinds: frozenset[str]  # kinds of the pieces: country, demonym, role, org, ...
    role: str | None = None  # the role term at the head, if any ("regime", "agents")
    state: bool = False
    country_basis: str | None = None  # "dictionary" | "context"
    #: a people that spans states ("Kurdish fighters"): context picks one of these
    candidates: tuple[str, ...] = ()
    #: a government owned by a person the dictionary does not know ("the Smith
    #: administration"): that person's country, which context cannot tell
    owned: bool = False

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    @property
    def plural(self) -> bool:
        head = self.span.doc[self.anchor]
        return head.tag_ in ("NNS", "NNPS") or ("org" in self.kinds and head.tag_ != "NNP")

    @property
    def is_person(self) -> bool:
        """A person, not a body: "the minister" is one, "the embassy" is not."""
        head = self.span.doc[self.anchor]
        if self.kinds & {"person", "PERSON"}:
            return True
        return (
            self.role is not None and head.tag_ == "NN"
            and head.lemma_.lower() not in INSTITUTION_HEADS
        )  # fmt: skip


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    kind: str  # Entry.kind, or the NER label for unknown entities
    entry: Entry | None


def _pieces(doc: Doc, matches: Iterable[Match],
            misread: frozenset[int] = frozenset()) -> list[_Piece]:  # fmt: skip
    pieces: list[_Piece] = []
    taken: set[int] = set()
    if doc._.dateline is not None:  # the dateline's city is a place, not an actor
        start, end = doc._.dateline
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            taken.update(range(span.start, span.end))
            matches = [m for m in matches if m.end <= span.start or m.start >= span.end]
    for m in matches:
        span = doc[m.start : m.end]
        entry = _choose_entry(span, m.entries, misread)
        if entry is None or (entry.kind in ("country", "capital") and _adverbial_place(span)):
            continue
        pieces.append(_Piece(m.start, m.end, entry.kind, entry))
        taken.update(range(m.start, m.end))
    for ent in doc.ents:
        if ent.label_ in ("PERSON", "ORG") and not taken.intersection(range(ent.start, ent.end)):
            pieces.append(_Piece(ent.start, ent.end, ent.label_, None))
    return sorted(pieces, key=lambda p: p.start)


def _adverbial_place(span: Span) -> bool:
    """ "arrested two men in Minsk": a place where something happened, not the state
    acting ("police in Minsk" keeps its country: the place hangs off a noun)."""
    root = span.root
    prep = root.head
    return (
        root.dep_ == "pobj" and prep.lower_ in LOCATIVE_PREPS
        and prep.head.pos_ in ("VERB", "AUX")
    )  # fmt: skip


def _choose_entry(span: Span, entries: tuple[Entry, ...],
                  misread: frozenset[int] = frozenset()) -> Entry | None:  # fmt: skip
    """The entry a match stands for; `misread` are nouns tagged as verbs
    (`headlines.misread_actors`)."""
    root = span.root
    nominal = root.pos_ in NOMINAL or root.i in misread
    for kind in ("person", "org", "country", "capital", "demonym", "role"):
        for entry in entries:
            if entry.kind != kind:
                continue
            if kind == "role" and not nominal and root.dep_ not in NOUN_DEPS:
                continue  # "exile" the verb; but "a Tajik dissident" tagged ADJ is a noun
            if kind in ("country", "capital") and root.pos_ not in NOMINAL:
                continue
            return entry
    return None


def _climb(doc: Doc, token: Token, roots: set[int], stops: frozenset[int] = frozenset()) -> Token:
    """The head noun a piece belongs to (see module docstring, step 2); never past a
    headline verb in `stops` ("Police battle sect": police and the sect are two)."""
    t = token
    for _ in range(8):
        head = t.head
        if stops and any(min(t.i, head.i) <= i <= max(t.i, head.i) for i in stops):
            break  # "Soldiers attack village": one chain of compounds across the verb
        if t.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("of", "in", "from"):
            owner = head.head
            if owner.pos_ in NOMINAL and (
                owner.i in roots
                or owner.lower_ in GROUP_NOUNS
                or (head.lower_ == "from" and owner.tag_ != "NN")
            ):  # "members of X", "police in X", "doctors from X"; not "withdrawal from X"
                t = owner
                continue
            break
        if head.i == t.i or head.pos_ not in NOMINAL:
            break
        if t.dep_ in CLIMB_DEPS and (
            head.i in roots
            or head.pos_ == "PROPN"
            or head.lower_ in GROUP_NOUNS
            or t.dep_ in ("compound", "flat")
        ):
            t = head
            continue
        break
    return t


def find_actors(doc: Doc, index: AliasIndex, dictionary: Dictionary,
                stops: frozenset[int] = frozenset()) -> list[ActorSpan]:  # fmt: skip
    """The actors of `doc`; `stops` are headline verbs (`repwatch.nlp.headlines`)."""
    # "Security forces detain activists": "forces", tagged a verb, is the actor
    misread = misread_actors(doc, stops)
    pieces = _pieces(doc, index.find(doc), misread)
    roots = {doc[p.start : p.end].root.i for p in pieces}
    groups: dict[int, list[_Piece]] = {}
    for piece in pieces:
        anchor = _climb(doc, doc[piece.start : piece.end].root, roots, stops)
        groups.setdefault(anchor.i, []).append(piece)
    for i in sorted(groups):  # "Kampuchean guerrilla camps": the role climbed past it
        tok = doc[i]
        if tok.dep_ in ("amod", "compound") and tok.head.i in groups and tok.head.i > i:
            groups[tok.head.i] = groups.pop(i) + groups[tok.head.i]
    actors = [_resolve(doc, anchor, group, dictionary, stops) for anchor, group in groups.items()]
    found = [a for a in actors if a is not None]
    return sorted(found + _repeated_names(doc, found), key=lambda a: a.start)


def _repeated_names(doc: Doc, actors: list[ActorSpan]) -> list[ActorSpan]:
    """Later mentions of a person by surname alone ("Verhoeven condemned ...") take the
    resolution of the first full mention ("Dutch Prime Minister Anna Verhoeven")."""
    surnames: dict[str, ActorSpan] = {}
    taken: set[int] = set()
    for a in actors:
        taken.update(range(a.start, a.end))
        head = doc[a.anchor]
        if a.code and head.pos_ == "PROPN" and head.ent_type_ == "PERSON":
            surnames.setdefault(head.text, a)
    out: list[ActorSpan] = []
    for i, a in enumerate(actors):  # an unresolved "Verhoeven" found by the NER
        first = surnames.get(doc[a.anchor].text)
        if a.code is None and first is not None and first.anchor < a.anchor:
            actors[i] = replace(first, span=a.span, anchor=a.anchor)
    if not surnames:
        return out
    for i, word in enumerate(words_of(doc)):  # texts first: a Token costs to make
        first = surnames.get(word)
        if first is None or i in taken or i < first.anchor or doc[i].pos_ != "PROPN":
            continue
        out.append(replace(first, span=doc[i : i + 1], anchor=i))
    return out


def _resolve(doc: Doc, anchor: int, group: list[_Piece], d: Dictionary,
             stops: frozenset[int] = frozenset()) -> ActorSpan | None:  # fmt: skip
    start = min(p.start for p in group)
    end = max(max(p.end for p in group), anchor + 1)
    head = doc[anchor]
    for child in head.lefts:  # keep numbers and modifiers: "three Belarusian operatives"
        if child.dep_ in ("nummod", "amod", "compound", "poss") and child.i < start:
            start = child.left_edge.i
    if stops:  # "Youths attack journalist": the journalist, not past the headline verb
        start = max([start, *(i + 1 for i in stops if start <= i < anchor)])
    text = span_text(doc[start:end])
    if text.count("(") > text.count(")") and end < len(doc):
        end += doc[end].text == ")"  # "Islamic Salvation Front (FIS)": close the bracket
    span = doc[start:end]
    kinds = frozenset(p.kind for p in group)
    at_head = [p for p in group if p.start <= anchor < p.end]
    named = [p for p in group if p.kind in ("person", "org") and p.entry is not None]
    roles = [p for p in group if p.kind == "role" and p.entry is not None and p.entry.sector]
    role_piece = next((p for p in at_head if p in roles), roles[-1] if roles else None)
    role_entry = role_piece.entry if role_piece else None
    role = doc[role_piece.start : role_piece.end].text.lower() if role_piece else None
    head_role = next((p for p in at_head if p in roles), None)
    stateless = all(p.entry and p.entry.country is None for p in named)
    if named and (head_role is None or stateless):  # "EU foreign ministers": the EU's
        best_piece = min(named, key=lambda p: abs(p.start - anchor))
        best = best_piece.entry
        assert best is not None
        owner = _other_state(group, best_piece)
        if owner is not None and owner.country:  # "the Pakistani Foreign Office"
            return ActorSpan(span, anchor, f"{d.countries[owner.country].name} "
                             f"{SECTOR_LABEL.get(best.sector or '', best.sector or '')}".strip(),
                             owner.country, best.sector, owner.country + (best.sector or ""),
                             owner.id, kinds, role, True, "dictionary")  # fmt: skip
        return ActorSpan(
            span,
            anchor,
            best.name,
            best.country,
            best.sector,
            best.code,
            best.id,
            kinds,
            role,
            False,
            "dictionary" if best.country else None,
        )
    places = [p.entry for p in group if p.kind in ("country", "capital", "demonym")]
    place = next((e for e in places if e and e.country), places[0] if places else None)
    if place is None and named:  # "critics of Kagame's government": the role heads it
        place = next((p.entry for p in named if p.entry and p.entry.country), None)
    country = place.country if place else None
    owned = False
    if country is None and role_entry is not None and not named:
        located = role_entry.state or role_entry.sector in ("CVL", "REB")
        country, owned = _modifier_country(doc[anchor], d, located)
    sector = role_entry.sector if role_entry else None
    if sector is None and place is not None and place.kind == "capital" and len(group) == 1:
        sector = "GOV"  # "Minsk" standing for the Belarusian state
    unknown = next((p for p in group if p.entry is None), None)
    if country is None and sector is None and unknown is None and place is None:
        return None
    if unknown is not None and not roles and place is None:
        name = doc[unknown.start : unknown.end].text
    elif country and sector:
        name = f"{d.countries[country].name} {SECTOR_LABEL.get(sector, sector)}"
    elif country:
        name = d.countries[country].name
    else:
        name = role or span.text
    code = (country or "") + (sector or "") or None
    source_entry = place or role_entry
    return ActorSpan(span, anchor, name, country, sector, code,
                     source_entry.id if source_entry else None,
                     kinds, role, bool(role_entry and role_entry.state),
                     "dictionary" if country else None,
                     place.countries if place and not country else (), owned)  # fmt: skip


def _other_state(group: list[_Piece], named: _Piece) -> Entry | None:
    """A country or demonym right before a national body the dictionary places in
    another country: "the Pakistani Foreign Office" is Pakistan's, though "Foreign Office"
    alone is Britain's.  A body with no country (an IGO, a party) keeps its own."""
    assert named.entry is not None
    if named.entry.country is None or named.kind != "org":
        return None
    for p in group:
        if (
            p.kind in ("country", "demonym") and p.entry is not None and p.entry.country
            and p.end == named.start and p.entry.country != named.entry.country
        ):  # fmt: skip
            return p.entry
    return None


def _modifier_country(head: Token, d: Dictionary, located: bool) -> tuple[str | None, bool]:
    """(country, owned) from the proper nouns that modify a role with no country:
    a known leader's surname before a government noun ("the Bush administration");
    a place before the role or after "from" ("Darfur rebels", "doctors from Calgary"),
    or after "in" when the role is `located` (state roles, civilians, armed groups:
    "police in Timbuktu"; an exile in Vienna is not Austrian).  ``owned`` is true for
    a government named after a person the dictionary does not know, whose country
    context must not guess."""
    preps = ("in", "of", "from") if located else ("from",)
    for child in head.children:
        if child.pos_ != "PROPN":
            if child.dep_ == "prep" and child.lower_ in preps:
                pobj = _place_name(next((c for c in child.children if c.dep_ == "pobj"), None))
                if pobj is not None:
                    country = place_country(_proper_name(pobj), pobj.ent_type_)
                    if country:
                        return country, False
            continue
        if child.dep_ not in ("compound", "poss", "nmod") or child.i > head.i:
            continue
        name = _proper_name(child)
        if head.lower_ in OWNED_HEADS and child.ent_type_ not in PLACE_LABELS:
            country = d.surname_country(child.text)
            if country or child.ent_type_ != "ORG":  # a party's government: context
                return country, country is None
        country = place_country(name, child.ent_type_)
        if country:
            return country, False
    return None, False


def _place_name(pobj: Token | None) -> Token | None:
    """The proper noun a preposition's object names: the object itself, or the name
    before a division noun ("the government of Sindh province")."""
    if pobj is None or pobj.pos_ == "PROPN":
        return pobj
    if pobj.lower_ in DIVISION_NOUNS:
        return next((c for c in pobj.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
    return None


def _proper_name(token: Token) -> str:
    """The run of proper nouns that ends at `token`: "West Darfur" in "West Darfur rebels"."""
    start = token.i
    while (
        start > 0
        and token.doc[start - 1].pos_ == "PROPN"
        and token.doc[start - 1].dep_ in ("compound", "flat")
    ):
        start -= 1
    return token.doc[start : token.i + 1].text


def place_country(name: str, ent_type: str, villages: bool = False) -> str | None:
    """The country of a place name, when it is clear: spaCy took the name for a place
    (its GPE, LOC or FAC entity), so "Obama" (a town in Japan) or "Hamas" (spelled like
    Hamm) never count; and the gazetteer's places of that name agree on the country.
    A country of that name wins, then a named region ("Gaza", "Darfur"); otherwise
    every place so named must lie in one country, or the largest must dwarf its
    namesakes abroad (`gazetteer.DWARF_RATIO`; a province counts as
    `gazetteer.REGION_SIZE` people), so "San Antonio" stays unclear but "Paris" is
    France.  A name known only as villages (population unknown) counts only with
    ``villages``."""
    if ent_type not in PLACE_LABELS:
        return None
    from repwatch.nlp import gazetteer  # loaded once, lazily

    cands = gazetteer.load().lookup(name)
    states = [c for c in cands if c.feature == "country"]
    regions = [c for c in cands if c.feature == "region" and c.country]
    pool = states or regions or cands
    countries = {c.country for c in pool}
    if len(countries) == 1 and None not in countries:
        if not villages and all(c.feature == "city" and c.population == 0 for c in pool):
            return None  # only villages: too likely a namesake of something else
        return str(pool[0].country)
    if not cands:
        return None

    def people(c: gazetteer.Candidate) -> int:
        return gazetteer.REGION_SIZE if c.feature in ("region", "admin1") else gazetteer.size(c)

    top = max(cands, key=people)
    if top.country and all(
        people(c) * gazetteer.DWARF_RATIO <= people(top) for c in cands if c.country != top.country
    ):
        return str(top.country)
    return None


def with_country(actor: ActorSpan, country: str, d: Dictionary) -> ActorSpan:
    """`actor` with a country taken from context."""
    sector = actor.sector
    name = f"{d.countries[country].name} {SECTOR_LABEL.get(sector or '', sector or '')}".strip()
    return replace(actor, country=country, code=country + (sector or ""), name=name,
                   country_basis="context")  # fmt: skip


@Language.factory(
    "repwatch_actors",
    requires=["token.dep", "token.pos", "doc.ents", "doc.sents", "doc._.dateline"],
    assigns=["doc._.actors"],
    default_config={"extra_dictionaries": []},
)
def make_actors(nlp: Language, name: str, extra_dictionaries: list[str]) -> ActorsComponent:
    return ActorsComponent(nlp, load_cached(tuple(extra_dictionaries)))


class ActorsComponent:
    def __init__(self, nlp: Language, dictionary: Dictionary) -> None:
        from repwatch.nlp import context  # late: context imports ActorSpan from here

        if not Doc.has_extension("actors"):
            Doc.set_extension("actors", default=None)
        self.dictionary = dictionary
        self.index = AliasIndex(nlp, dictionary)
        self.lexicon = load_lexicon()  # for the headline verbs that split noun chains
        self._infer = context.infer_countries

    def __call__(self, doc: Doc) -> Doc:
        stops = frozenset(headline_verbs(doc, self.lexicon))
        actors = find_actors(doc, self.index, self.dictionary, stops)
        doc._.actors = self._infer(doc, actors, self.dictionary)
        return doc
