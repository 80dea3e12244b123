"""Arguments of a trigger: which actor mentions are its source and target.

Verbs: subject/object in the active voice; "by"-agent and passive subject in the
passive; subjects inherited through coordination, control ("agreed to meet") and
participles; relative pronouns resolved to the noun they modify; personal pronouns
resolved to the nearest compatible actor before them (no coreference model exists
offline, so this is a rule: number and person-hood must agree, places are skipped).
Nouns: "of"/"on"/"against"/"between" complements, "by" agents, possessives and
compounds, the subject of a light verb ("carried out attacks on") or of a verb of
taking part ("went on hunger strike"), and the recipient of the verb whose object the
noun is ("gave Tanzania a grant").  Events with no target found take one from their
purpose clause (`purpose_clauses`: "began a strike to protest the arrest of X").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Token

from repwatch.nlp.actors import ActorSpan
from repwatch.nlp.doctext import sentence_start_of
from repwatch.nlp.lexicon import Trigger

LIGHT_VERBS = frozenset(
    "carry launch stage conduct make hold mount order perpetrate commit lead organize "
    "organise impose announce issue step begin start continue intensify escalate".split()
)
#: Verbs whose object event is observed or told, not done, by their subject.
WITNESS_VERBS = frozenset(
    "report see witness describe confirm document recall mention film record cover follow "
    "discuss condemn denounce criticize criticise deny reject welcome praise investigate "
    "blame protest survive fear suffer face escape flee".split()
)
VICTIM_POSS_MODES = frozenset({"arrest", "deport", "abduct", "assassinate", "torture", "release"})
TARGET_PREPS = ("against", "on", "upon", "with", "at", "to", "into", "toward", "towards", "over",
                "between", "outside")  # fmt: skip
#: Complements of an object noun that name its target: "the withdrawal of X", "talks
#: with X", "between X and Y", "mediation among X's republics", "disapproval for X's
#: policies", "concern over X".
OBJECT_PREPS = ("of", "on", "against", "to", "from", "with", "between", "among", "for", "over",
                "about", "at")  # fmt: skip
PLACE_PREPS = frozenset({"in", "to", "into", "from", "near", "inside", "at"})
LOCATIVE = frozenset({"in", "inside", "within", "near", "at", "across", "throughout"})
#: Verbs whose subject takes part in the event named by their "on"/"in" object:
#: "went on hunger strike", "engaged in talks".
ENTER_VERBS = frozenset("go embark engage participate join remain stay".split())
#: Verbs whose subject holds the event named by their "for" object: "gathered for a rally".
GATHER_VERBS = frozenset("gather converge assemble congregate mass turn".split())
#: "in defiance of X", "in protest against X", "in retaliation for X's raid": the
#: party the event answers is its target.
STANCE_NOUNS = frozenset("defiance protest opposition retaliation response".split())
STANCE_PREPS = ("of", "against", "at", "over", "for", "to")
#: How a noun hangs off the verb whose subject owns its infinitival relative.
OWNED = frozenset({"dobj", "attr"})
#: Participles that, passive in form, say what their subject does: "X is opposed to Y".
STATIVE_PASSIVES = frozenset({"oppose"})
PRONOUNS = frozenset("he she it they him her them his its their who whom which that".split())


class ArgumentFinder:
    """Maps argument tokens to actor mentions, resolving pronouns."""

    def __init__(self, doc: Doc, actors: list[ActorSpan]) -> None:
        self.doc = doc
        self.actors = actors
        self.by_token: dict[int, ActorSpan] = {}
        for a in actors:
            for i in range(a.start, a.end):
                self.by_token.setdefault(i, a)
            self.by_token[a.anchor] = a

    def actor(
        self,
        tok: Token | None,
        exclude: ActorSpan | None = None,
        places: list[ActorSpan] | None = None,
    ) -> ActorSpan | None:
        """The actor `tok` stands for.  With `places`, a country or capital that only
        locates the argument noun ("blocked streets in Hong Kong") is put there
        instead of returned, so that a party named later can win over it."""
        if tok is None:
            return None
        if tok.lower_ in ("who", "whom", "which", "that") and tok.tag_ in ("WP", "WDT"):
            verb = tok.head
            while verb.dep_ == "conj" and verb.head.i != verb.i:
                verb = verb.head
            if verb.dep_ == "relcl":
                return self.actor(verb.head, exclude, places)
        if tok.lower_ in PRONOUNS and tok.pos_ == "PRON":
            return self._antecedent(tok, exclude)
        found = self.by_token.get(tok.i)
        if found is not None and found is not exclude:
            return found
        low, high = tok.left_edge.i, tok.right_edge.i
        near: set[int] | None = None  # the token and its children, made once if needed
        for a in self.actors:  # an actor inside the argument phrase
            if low <= a.anchor <= high and a is not exclude:
                if a.anchor == tok.i:
                    return a
                if near is None:
                    near = {tok.i, *[c.i for c in tok.children]}
                if self.doc[a.anchor].head.i in near:
                    if places is None or not _where(self.doc[a.anchor], a):
                        return a
                    places.append(a)
        return None

    def first_actor(
        self, toks: Iterable[Token], exclude: ActorSpan | None = None
    ) -> ActorSpan | None:
        """The actor of the first token in `toks` that has one; failing that, the
        first place that located one of them ("set up a centre in Tokyo")."""
        places: list[ActorSpan] = []
        for tok in toks:
            found = self.actor(tok, exclude, places)
            if found is not None:
                return found
        return places[0] if places else None

    def _antecedent(self, pron: Token, exclude: ActorSpan | None) -> ActorSpan | None:
        low = pron.lower_
        sent_start = sentence_start_of(pron.doc, pron.i)
        for a in reversed(self.actors):
            if a.anchor >= pron.i or a is exclude:
                continue
            if pron.i - a.anchor > 80 or (a.anchor < sent_start - 60):
                break
            if low in ("they", "them", "their") and not a.plural:
                continue
            if _place_of_verb(self.doc[a.anchor]):
                continue  # "settled in Turkey, where they ...": a place, not an antecedent
            if low in ("he", "she", "him", "her", "his") and not a.is_person:
                continue
            if low in ("it", "its") and (
                a.plural and "country" not in a.kinds and "org" not in a.kinds
            ):
                continue
            return a
        return None


def _where(tok: Token, actor: ActorSpan) -> bool:
    """ "(blocked) streets in Hong Kong": a country or capital that only locates the
    noun it hangs off, not a party to the event."""
    return (
        tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE
        and bool(actor.kinds) and actor.kinds <= {"country", "capital"}
    )  # fmt: skip


def _place_of_verb(tok: Token) -> bool:
    """ "settled in Turkey", "moved to Kenya": a place where a verb's action goes;
    not "a reminder to Iraq that it must ...", where the noun's complement is a party."""
    prep = tok.head
    return (
        tok.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in PLACE_PREPS
        and prep.head.pos_ in ("VERB", "AUX")
    )  # fmt: skip


def subject(tok: Token) -> tuple[Token | None, bool]:
    """(subject token, is_agent_of_passive) for verb `tok`, inheriting through conj/xcomp."""
    t = tok
    for _ in range(4):
        for c in t.children:
            if c.dep_ in ("nsubj", "csubj"):
                return c, False
            if c.dep_ == "agent":
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj, True
        if t.dep_ in ("conj", "xcomp", "advcl") and t.head.i != t.i:
            t = t.head
            continue
        if t.dep_ == "acomp" and t.head.i != t.i:
            t = t.head  # "he is prepared to lift", "ready to host"
            continue
        if t.dep_ == "relcl":
            return t.head, False
        if (
            t.dep_ == "pcomp"
            and t.head.lower_ in ("of", "with", "for")
            and t.head.head.pos_ == "VERB"
        ):
            gov = t.head.head  # "(who were) suspected of spying", "accused X of attacking"
            suspect = next((c for c in gov.children if c.dep_ in ("nsubjpass", "dobj")), None)
            if suspect is not None:
                return suspect, False
            if gov.dep_ == "relcl" and any(c.dep_ == "auxpass" for c in gov.children):
                return gov.head, False
            break
        if t.dep_ == "acl" and t.tag_ == "VBG" and t.head.dep_ in ("dobj", "pobj"):
            t = t.head.head  # "issued a declaration demanding ...": the issuer demands
            if t.dep_ == "prep":
                t = t.head
            continue
        break
    return None, False


def purpose_owner(tok: Token) -> Token | None:
    """The subject of the verb whose object a noun with an infinitival relative is:
    in "thousands converged for a rally to protest X" and "unions called a strike to
    demand Y", whoever holds the rally or strike protests or demands; and in "Chile
    became the first country to recognise X", the subject the noun describes."""
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    if tok.dep_ not in ("relcl", "acl") or not infinitive:
        return None
    noun = tok.head
    gov = noun.head.head if noun.dep_ == "pobj" else noun.head if noun.dep_ in OWNED else None
    if gov is None or gov.pos_ not in ("VERB", "AUX"):
        return None
    return subject(gov)[0]


def _passive_subject(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ == "nsubjpass":
            return c
    if tok.dep_ == "relcl" and any(c.dep_ == "auxpass" for c in tok.children):
        return tok.head
    if tok.dep_ == "conj" and tok.tag_ == "VBN":
        return _passive_subject(tok.head)
    if tok.dep_ == "acl" and tok.tag_ == "VBN":  # "exiles attacked by ..."
        return tok.head
    return None


def _pobj(prep: Token) -> Token | None:
    """The object of `prep`.  When the parser left the preposition bare and made the
    noun phrase after it the subject of a reduced clause ("granted asylum to five
    officers holed up in ..."), the head noun of that phrase."""
    pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
    if pobj is not None or prep.n_rights or prep.i + 1 >= len(prep.doc):
        return pobj
    t = prep.doc[prep.i + 1]
    for _ in range(6):
        if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN"):
            return t
        if t.head.i <= t.i or t.head.pos_ not in ("NOUN", "PROPN"):
            return None
        t = t.head
    return None


def _preps(tok: Token) -> list[Token]:
    """The prepositions of `tok`, with those under a particle: "kidnapped up to 16
    advisers", where the parser hangs "to" off "up"."""
    out = [c for c in tok.children if c.dep_ in ("prep", "dative")]
    for prt in (c for c in tok.children if c.dep_ == "prt" and c.lower_ == "up"):
        out += [g for g in prt.children if g.dep_ == "prep" and g.lower_ == "to"]
    return out


def _prep_object(tok: Token, preps: tuple[str, ...]) -> Token | None:
    found = _prep_objects(tok, preps)
    return found[0] if found else None


def verb_args(tok: Token) -> tuple[Token | None, Token | None]:
    subj, by_agent = subject(tok)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
        tok.tag_ == "VBN" and tok.dep_ in ("acl", "relcl", "conj") and (by_agent or subj is None)
    )
    stance = _prep_object(tok, ("to",)) if tok.lemma_ in STATIVE_PASSIVES else None
    if passive and stance is not None:  # "Israel is opposed to French mediation"
        return _passive_subject(tok), stance
    if passive:
        target = _passive_subject(tok)
        source = subj if by_agent else None
        return source, target
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "dative")), None)
    if obj is None:
        obj = _prep_object(tok, TARGET_PREPS)
    return subj, obj


def noun_args(
    tok: Token, trig: Trigger, head_is_trigger: bool = False
) -> tuple[list[Token], Token | None]:
    """Source candidates (best first) and the target token of a nominal trigger.
    `head_is_trigger`: the verb governing it is an event of its own ("police
    monitored the protest"), so that verb's subject is not the noun's agent."""
    sources: list[Token] = []
    by_agent = _prep_object(tok, ("by",))
    if by_agent is not None:
        sources.append(by_agent)
    target = _prep_object(tok, ("of", *TARGET_PREPS))
    sources += _agents_below(tok, target)
    for acl in (c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN"):
        target = target or _prep_object(acl, TARGET_PREPS)  # "attacks carried out on X"
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is not None:
        if trig.mode in VICTIM_POSS_MODES and target is None:
            target = poss
        else:
            sources.append(poss)
    sources += [c for c in tok.children if c.dep_ == "compound"]  # "the police crackdown"
    head = tok.head
    if (
        tok.dep_ == "dobj"
        and head.pos_ == "VERB"
        and not head_is_trigger
        and (head.lemma_ in LIGHT_VERBS or head.lemma_ not in WITNESS_VERBS)
    ):  # "renewed negotiations", "carried out attacks"; not "reported the detention"
        subj, _ = subject(head)
        if subj is not None:
            sources.append(subj)
    elif (
        tok.dep_ == "pobj"
        and not head_is_trigger
        and (
            (head.lower_ in ("on", "in") and head.head.lemma_ in ENTER_VERBS)
            or (head.lower_ == "for" and head.head.lemma_ in GATHER_VERBS)
        )
    ):
        subj, _ = subject(head.head)  # "went on hunger strike", "gathered for a rally"
        if subj is not None:
            sources.append(subj)
    elif tok.dep_ == "nsubjpass" and head.lemma_ in LIGHT_VERBS:
        agent = _prep_object(head, ("by",))
        if agent is not None:
            sources.append(agent)
    return sources, target


#: Verbs that put their object under a state: "placed X under arrest".
UNDER_PUT = frozenset("put place keep hold".split())
#: Verbs whose subject comes under one: "came under investigation".
UNDER_COME = frozenset("come fall remain be go".split())


def under_args(tok: Token) -> tuple[Token | None, Token | None] | None:
    """(source, target) of a noun after "under" ("was put under investigation",
    "police placed him under arrest", "the town came under attack"), or None when
    `tok` is not such a noun."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "under" or prep.head.pos_ not in ("VERB", "AUX"):
        return None
    verb = prep.head
    if verb.lemma_.lower() in UNDER_PUT:
        return verb_args(verb)
    if verb.lemma_.lower() in UNDER_COME:
        return None, subject(verb)[0]
    return None


def withdrawn_from(tok: Token) -> Token | None:
    """What a withdrawal leaves: "pulled its troops out of X", "withdrew from X"."""
    away = _prep_object(tok, ("from",))
    if away is None:
        for prt in (c for c in tok.children if c.dep_ == "prt" and c.lower_ == "out"):
            away = _prep_object(prt, ("of",))
    return away if away is not None else _prep_object(tok, ("of",))


def grievance(tok: Token) -> list[Token]:
    """What an accusation or complaint is over ("complained to the UN over X's raids",
    "protested about X"), when the verb also names whom it was told to."""
    if _prep_object(tok, ("to",)) is None:
        return []
    return _prep_objects(tok, ("over", "about"))


def between_parties(tok: Token) -> tuple[Token, Token] | None:
    """ "talks between X and Y", "a clash between X and Y": the two parties of a
    nominal event that names no one else."""
    pobj = _prep_object(tok, ("between",))
    if pobj is None:
        return None
    conj = next((c for c in pobj.children if c.dep_ == "conj"), None)
    return (pobj, conj) if conj is not None else None


def _agents_below(tok: Token, target: Token | None) -> list[Token]:
    """Agents the parser hung below a nominal trigger rather than on it: "the arrest of
    two journalists by police" ("by" on the victim) and "attacks carried out by X",
    "massacres committed by X" (the agent of a participle)."""
    out = []
    if target is not None and target.head.lower_ == "of":
        out += [p for p in _prep_objects(target, ("by",))]
    for acl in (c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN"):
        agent, by = subject(acl)
        if agent is not None and by:
            out.append(agent)
    return out


def target_candidates(tok: Token, first: Token | None) -> Iterator[Token]:
    """Where a target may be, best first, after the syntactic one (`first`):
    objects and target prepositions; the complements and possessor of an object noun
    ("lifted the ban on X", "demanded the withdrawal of X", "denounced X's crackdown");
    the recipient of the verb whose object a noun is ("gave Tanzania a grant"); the
    subject, then the object and its complements, of a complement clause ("demanded
    that the US cancel ...", "threatened to impose restrictions against X"); and the
    subject of an "if"/"unless" condition ("threatened to strike unless Israel ...").
    Lazy: callers stop at the first one that is an actor."""
    if first is not None:
        yield first
    objects = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
    yield from objects
    yield from _prep_objects(tok, TARGET_PREPS)
    if tok.pos_ in ("VERB", "AUX"):  # "called for sanctions against X"
        objects += _prep_objects(tok, ("for",))
    for obj in objects:
        yield from _prep_objects(obj, OBJECT_PREPS)
        yield from (c for c in obj.children if c.dep_ == "poss")
    for stance in _prep_objects(tok, ("in",)):  # "in defiance of X", "in protest at X"
        if stance.lemma_.lower() in STANCE_NOUNS:
            yield from _prep_objects(stance, STANCE_PREPS)
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "dobj":
        verb = tok.head
        yield from (c for c in verb.children if c.dep_ == "dative")
        yield from _prep_objects(verb, TARGET_PREPS)
    clauses = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp")]
    for clause in clauses:
        yield from (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))
        clause_objects = [c for c in clause.children if c.dep_ in ("dobj", "dative")]
        yield from clause_objects
        yield from _prep_objects(clause, TARGET_PREPS)
        for obj in clause_objects:
            yield from _prep_objects(obj, TARGET_PREPS)
    for clause in [tok, *clauses]:
        yield from _condition_subjects(clause)


def _prep_objects(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    """The objects of `tok`'s prepositions in `preps`, in the order of `preps`."""
    found = []
    for c in _preps(tok):
        if c.lower_ in preps:
            pobj = _pobj(c)
            if pobj is not None:
                found.append((preps.index(c.lower_), pobj.i, pobj))
    return [pobj for _, _, pobj in sorted(found, key=lambda f: f[:2])]


def _condition_subjects(tok: Token) -> list[Token]:
    """Subjects of "if"/"unless" clauses: the party a threat or offer is addressed to."""
    out = []
    for c in tok.children:
        if c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children):
            out += [s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
    return out


def purpose_clauses(tok: Token) -> list[Token]:
    """Purpose and manner clauses of the event at `tok`: "(staged protests) to demand
    ...", "(went on strike) to protest ...", "(blocked roads) demanding ...".  For a
    noun, those of the noun and of the verb it is the object of."""
    owners = [tok]
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "pobj"):
        owners.append(tok.head.head if tok.dep_ == "pobj" else tok.head)
    out = []
    for owner in owners:
        for c in owner.children:
            if c.dep_ not in ("advcl", "acl", "xcomp") or c.pos_ not in ("VERB", "AUX"):
                continue
            to = any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
            if to or c.tag_ == "VBG":
                out.append(c)
    return out
