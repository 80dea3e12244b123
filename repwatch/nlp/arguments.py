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
                "between")  # fmt: skip
OBJECT_PREPS = ("of", "on", "against", "to", "from")
PLACE_PREPS = frozenset({"in", "to", "into", "from", "near", "inside", "at"})
#: Verbs whose subject takes part in the event named by their "on"/"in" object:
#: "went on hunger strike", "engaged in talks".
ENTER_VERBS = frozenset("go embark engage participate join remain stay".split())
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

    def actor(self, tok: Token | None, exclude: ActorSpan | None = None) -> ActorSpan | None:
        if tok is None:
            return None
        if tok.lower_ in ("who", "whom", "which", "that") and tok.tag_ in ("WP", "WDT"):
            verb = tok.head
            while verb.dep_ == "conj" and verb.head.i != verb.i:
                verb = verb.head
            if verb.dep_ == "relcl":
                return self.actor(verb.head, exclude)
        if tok.lower_ in PRONOUNS and tok.pos_ == "PRON":
            return self._antecedent(tok, exclude)
        found = self.by_token.get(tok.i)
        if found is not None and found is not exclude:
            return found
        for a in self.actors:  # an actor inside the argument phrase
            if tok.left_edge.i <= a.anchor <= tok.right_edge.i and a is not exclude:
                if a.anchor == tok.i or self.doc[a.anchor].head.i in (
                    tok.i,
                    *[c.i for c in tok.children],
                ):
                    return a
        return None

    def first_actor(
        self, toks: Iterable[Token], exclude: ActorSpan | None = None
    ) -> ActorSpan | None:
        """The actor of the first token in `toks` that has one."""
        for tok in toks:
            found = self.actor(tok, exclude)
            if found is not None:
                return found
        return None

    def _antecedent(self, pron: Token, exclude: ActorSpan | None) -> ActorSpan | None:
        low = pron.lower_
        sent_start = pron.sent.start
        for a in reversed(self.actors):
            if a.anchor >= pron.i or a is exclude:
                continue
            if pron.i - a.anchor > 80 or (a.anchor < sent_start - 60):
                break
            if low in ("they", "them", "their") and not a.plural:
                continue
            if self.doc[a.anchor].dep_ == "pobj" and self.doc[a.anchor].head.lower_ in PLACE_PREPS:
                continue  # "settled in Turkey, where they ...": a place, not an antecedent
            if low in ("he", "she", "him", "her", "his") and not a.is_person:
                continue
            if low in ("it", "its") and (
                a.plural and "country" not in a.kinds and "org" not in a.kinds
            ):
                continue
            return a
        return None


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


def _prep_object(tok: Token, preps: tuple[str, ...]) -> Token | None:
    for prep in preps:
        for c in tok.children:
            if c.dep_ in ("prep", "dative") and c.lower_ == prep:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return None


def verb_args(tok: Token) -> tuple[Token | None, Token | None]:
    subj, by_agent = subject(tok)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
        tok.tag_ == "VBN" and tok.dep_ in ("acl", "relcl", "conj") and (by_agent or subj is None)
    )
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
        tok.dep_ == "pobj" and head.lower_ in ("on", "in")
        and head.head.lemma_ in ENTER_VERBS and not head_is_trigger
    ):  # fmt: skip
        subj, _ = subject(head.head)  # "went on hunger strike"
        if subj is not None:
            sources.append(subj)
    elif tok.dep_ == "nsubjpass" and head.lemma_ in LIGHT_VERBS:
        agent = _prep_object(head, ("by",))
        if agent is not None:
            sources.append(agent)
    return sources, target


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
    for obj in objects:
        yield from _prep_objects(obj, OBJECT_PREPS)
        yield from (c for c in obj.children if c.dep_ == "poss")
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
    for c in tok.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in preps:
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
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
