"""Stage 2: events.  Triggers from the lexicon, arguments from the dependency parse.

Contract: requires ``doc._.actors``; assigns ``doc._.events``, a list of `EventSpan`.

* A trigger is a verb or noun whose lemma (plus required dependents, e.g. "call for")
  is in the trigger lexicon.
* Source and target come from the parse: subject/object in the active voice,
  "by"-agent and passive subject in the passive, "of"/"on"/"against" complements and
  possessives of nominal triggers ("the arrest of", "attacks on"), inherited subjects
  for coordinated and controlled verbs, relative pronouns resolved to the noun they
  modify, and personal pronouns resolved to the nearest compatible actor before them.
* Events embedded under an irrealis verb ("threatened to arrest", "demanded the
  release of") are not coded; the irrealis verb is.  Cooperative events under intent
  words ("will support", "pledged to provide") become AGREE.
* An arrest, detention or deportation with no stated agent is made by the authorities
  of the place where it happens (`implicit_authority`), marked
  ``source_basis="implicit"``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from repwatch.nlp.actors import ActorSpan
from repwatch.nlp.dictionary import Dictionary, load_cached as load_dictionary
from repwatch.nlp.lexicon import Lexicon, Trigger, load_cached as load_lexicon

LIGHT_VERBS = frozenset(
    "carry launch stage conduct make hold mount order perpetrate commit lead organize "
    "organise impose announce issue step begin start continue intensify escalate".split()
)
INTENT_WORDS = frozenset(
    "will would shall plan intend pledge promise vow offer agree ready willing prepare "
    "expect aim seek".split()
)
VICTIM_POSS_MODES = frozenset({"arrest", "deport", "abduct", "assassinate", "torture", "release"})
TARGET_PREPS = ("against", "on", "upon", "with", "at", "to", "into", "toward", "towards", "over")
EMBED_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "acl", "advcl"})
COOPERATIVE = frozenset({"SUPPORT", "COOPERATE", "AID", "CONSULT", "CONCEDE", "RETREAT"})
IMPLICIT_AUTHORITY_MODES = frozenset({"arrest", "deport"})
PLACE_PREPS = frozenset({"in", "to", "into", "from", "near", "inside", "at"})
PRONOUNS = frozenset("he she it they him her them his its their who whom which that".split())


@dataclass(frozen=True)
class EventSpan:
    trigger: Span
    sentence: Span
    type: str
    mode: str | None
    source: ActorSpan | None
    target: ActorSpan | None
    negated: bool
    source_basis: str | None


def _matches(tok: Token, trig: Trigger) -> bool:
    if trig.pos == "VERB" and tok.pos_ not in ("VERB", "AUX"):
        return False
    if trig.pos == "NOUN" and tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if tok.pos_ not in ("VERB", "NOUN", "PROPN", "AUX"):
        return False
    if not trig.needs:
        return True
    kids = {c.lemma_.lower() for c in tok.children} | {c.lower_ for c in tok.children}
    for c in tok.children:  # "call on X for": look one level down too
        kids |= {g.lemma_.lower() for g in c.children}
    return all(n in kids for n in trig.needs)


def find_triggers(doc: Doc, lexicon: Lexicon) -> list[tuple[Token, Trigger]]:
    """Trigger tokens in text order.  A word that is a required part of another
    trigger ("agreement" in "reach agreement") is not a trigger of its own, nor is a
    noun that only modifies another ("protest movement", "prosecution service")."""
    found: list[tuple[Token, Trigger]] = []
    consumed: set[int] = set()
    for tok in doc:
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("compound", "amod"):
            continue
        for trig in lexicon.candidates(tok.lemma_.lower()):
            if _matches(tok, trig):
                found.append((tok, trig))
                for c in tok.children:
                    if c.lemma_.lower() in trig.needs or c.lower_ in trig.needs:
                        consumed.add(c.i)
                break
    return [(t, trig) for t, trig in found if t.i not in consumed]


def _governors(tok: Token, limit: int = 4) -> list[Token]:
    """Tokens above `tok` through embedding relations, nearest first."""
    out, t = [], tok
    for _ in range(limit):
        if t.dep_ not in EMBED_DEPS or t.head.i == t.i:
            break
        t = t.head
        out.append(t)
    return out


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if tok.pos_ in ("NOUN", "PROPN"):
        if any(c.lower_ == "no" and c.dep_ == "det" for c in tok.children):
            return True
        if tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_ in LIGHT_VERBS:
            return any(c.dep_ == "neg" for c in tok.head.children)
    return False


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
                if a.anchor == tok.i or self.doc[a.anchor].head.i in (tok.i, *[c.i for c in tok.children]):
                    return a
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
            if low in ("it", "its") and (a.plural and "country" not in a.kinds and "org" not in a.kinds):
                continue
            return a
        return None


def _subject(tok: Token) -> tuple[Token | None, bool]:
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
        if t.dep_ == "relcl":
            return t.head, False
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


def _verb_args(tok: Token) -> tuple[Token | None, Token | None]:
    subj, by_agent = _subject(tok)
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


def _noun_args(tok: Token, trig: Trigger) -> tuple[Token | None, Token | None]:
    source = _prep_object(tok, ("by",))
    target = _prep_object(tok, ("of", *TARGET_PREPS))
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is not None:
        if trig.mode in VICTIM_POSS_MODES and target is None:
            target = poss
        elif source is None:
            source = poss
    comp = next((c for c in tok.children if c.dep_ == "compound"), None)
    if source is None and comp is not None:
        source = comp  # "the police crackdown"
    head = tok.head
    if source is None and tok.dep_ in ("dobj", "nsubjpass") and head.lemma_ in LIGHT_VERBS:
        source, _ = _subject(head)
        if tok.dep_ == "nsubjpass":
            source = _prep_object(head, ("by",))
    return source, target


def code_events(
    doc: Doc, actors: list[ActorSpan], lexicon: Lexicon, dictionary: Dictionary
) -> list[EventSpan]:
    from repwatch.nlp.implicit import implicit_authority

    triggers = find_triggers(doc, lexicon)
    trigger_at = {tok.i: trig for tok, trig in triggers}
    finder = ArgumentFinder(doc, actors)
    events: list[EventSpan] = []
    for tok, trig in triggers:
        govs = _governors(tok)
        if any(trigger_at.get(g.i) is not None and trigger_at[g.i].irrealis for g in govs):
            continue  # "threatened to arrest": coded as THREATEN only
        type_, mode = trig.type, trig.mode
        negated = _negated(tok)
        if type_ in COOPERATIVE and _intent(tok, govs):
            # intent to cooperate is AGREE; a negated one ("will not allow") is REJECT
            type_, mode, negated = ("REJECT", None, False) if negated else ("AGREE", None, False)
        if tok.pos_ in ("VERB", "AUX"):
            src_tok, tgt_tok = _verb_args(tok)
        else:
            src_tok, tgt_tok = _noun_args(tok, trig)
        source = finder.actor(src_tok)
        target = finder.actor(tgt_tok, exclude=source)
        if target is None and src_tok is not None:  # "X and Y met": reciprocal
            conj = next((c for c in src_tok.children if c.dep_ == "conj"), None)
            target = finder.actor(conj, exclude=source)
        basis = "syntax" if source else None
        if source is None and mode in IMPLICIT_AUTHORITY_MODES:
            source = implicit_authority(doc, tok, target, actors, dictionary)
            basis = "implicit" if source else None
        events.append(EventSpan(doc[tok.i : tok.i + 1], tok.sent, type_, mode, source, target,
                                negated, basis))  # fmt: skip
    return events


def _intent(tok: Token, govs: list[Token]) -> bool:
    if any(c.lower_ in ("will", "would", "shall", "'ll") and c.dep_ == "aux" for c in tok.children):
        return True
    return any(g.lemma_.lower() in INTENT_WORDS for g in govs[:2] if g.pos_ in ("VERB", "ADJ", "AUX"))


@Language.factory(
    "repwatch_events",
    requires=["doc._.actors"],
    assigns=["doc._.events"],
    default_config={"extra_dictionaries": []},
)
def make_events(nlp: Language, name: str, extra_dictionaries: list[str]) -> EventsComponent:
    return EventsComponent(load_lexicon(), load_dictionary(tuple(extra_dictionaries)))


class EventsComponent:
    def __init__(self, lexicon: Lexicon, dictionary: Dictionary) -> None:
        if not Doc.has_extension("events"):
            Doc.set_extension("events", default=None)
        self.lexicon = lexicon
        self.dictionary = dictionary

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = code_events(doc, doc._.actors or [], self.lexicon, self.dictionary)
        return doc
