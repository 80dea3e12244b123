"""How a trigger is framed by the words around it.

* `suppressed`: triggers that do not get an event of their own:
  - embedded under an irrealis verb ("threatened to arrest", "demanded the release of"):
    the arrest or release did not happen; the threat or demand is the event;
  - infinitive purpose clauses ("went on hunger strike to protest ..."): a purpose,
    not an act; and participles that describe the manner of the event above them
    ("blocked roads demanding ...");
  - nouns naming the circumstance of another event ("during a summit", "in the wake
    of the execution", "for its support of"), and nouns or coordinated verbs that
    re-describe the same event as a trigger they hang off ("a minefield explosion
    killed ...", "killed two and wounded five": one ASSAULT).
* `reframe`: the PLOVER reading of modality, following CAMEO's intent categories:
  - intent to cooperate ("will support", "pledged to provide aid") -> AGREE, and a
    negated one ("will not allow") -> REJECT;
  - intent to coerce or attack ("vowed to fight", "plans to impose restrictions")
    -> THREATEN, and so is an announced withdrawal of inspectors, observers, aid or
    envoys ("will withdraw the inspectors"), CAMEO's threat to halt involvement;
  - a deontic "must"/"should" clause reported by a speaker ("Russia said Sudan must
    return the helicopter", "issued a reminder that Iraq must ...") -> REQUEST by the
    speaker, whether or not the clause's verb is a trigger;
  - a conditional future ("will boycott the elections unless ...", "may halt
    mediation if ...") -> THREATEN.
  - a negated agreement ("will not accept more refugees") -> REJECT.
* `easing`: ending a restriction ("lifted the curfew", "cancelled restrictions") is
  CONCEDE, or RETREAT for curfews, emergencies and sanctions, as PLOVER 2021 maps CAMEO.
* `negated`: "did not arrest", "never arrested", "no arrests were made".
"""

from __future__ import annotations

from spacy.tokens import Token

from repwatch.nlp.arguments import LIGHT_VERBS
from repwatch.nlp.lexicon import Trigger

EMBED_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "acl", "advcl"})
INTENT_WORDS = frozenset(
    "will would shall plan intend pledge promise vow swear offer agree ready willing prepare "
    "prepared expect aim seek".split()
)
HOSTILE = frozenset({"COERCE", "ASSAULT", "SANCTION"})
UNDOING = frozenset({"CONCEDE", "RETREAT"})
COOPERATIVE = frozenset({"SUPPORT", "COOPERATE", "AID", "CONSULT", "CONCEDE", "RETREAT"})
CIRCUMSTANCE_PREPS = frozenset(
    "during amid amidst despite for over since after before following between ahead "
    "wake in under because".split()
)
MANNER_TYPES = frozenset({"REQUEST", "ACCUSE", "PROTEST"})
DEONTIC = frozenset({"must", "should", "ought"})
SPEECH_VERBS = frozenset(
    "say tell announce state declare insist issue warn add stress write argue reiterate "
    "repeat conclude maintain emphasize emphasise underline reply respond believe".split()
)
#: What a state withdraws when it halts its involvement (CAMEO 136): an announced
#: withdrawal of these is a threat, not a de-escalation.
INVOLVEMENT = frozenset(
    "inspector observer monitor peacekeeper worker mission ambassador envoy diplomat aid "
    "assistance support funding staff".split()
)
#: Verbs that end a restriction ("lifted the curfew", "cancelled restrictions").
UNDO_VERBS = frozenset(
    "lift ease relax loosen cancel remove scrap end shorten revoke rescind repeal abolish "
    "suspend waive drop".split()
)
#: Modes of restrictions whose easing PLOVER 2021 codes RETREAT (CAMEO 0813, 0814, 085).
RETREAT_EASING = frozenset({"curfew", "martial-law"})


def governors(tok: Token, limit: int = 4, deps: frozenset[str] = EMBED_DEPS) -> list[Token]:
    """Tokens above `tok` through the relations in `deps`, nearest first."""
    out, t = [], tok
    for _ in range(limit):
        if t.dep_ not in deps or t.head.i == t.i:
            break
        t = t.head
        out.append(t)
    return out


def background(tok: Token) -> bool:
    """A circumstance or purpose: dropped when its sentence has another event."""
    return _circumstance(tok) or _purpose(tok)


def suppressed(
    tok: Token, trig: Trigger, triggers: dict[int, Trigger], foreground: bool = True
) -> bool:
    """Whether `tok` gets no event of its own.  `foreground`: its sentence has a
    trigger that is neither a circumstance nor a purpose."""
    govs = governors(tok)
    if any(g.i in triggers and triggers[g.i].irrealis for g in govs):
        return True
    head = triggers.get(tok.head.i) if tok.head.i != tok.i else None
    if tok.dep_ == "conj" and head is not None and (head.type, head.mode) == (trig.type, trig.mode):
        return True  # "killed two and wounded five": one event
    if tok.dep_ == "dobj" and head is not None and head.type in UNDOING:
        return True  # "lifted the ban": what is undone is not a new event
    if foreground and background(tok):
        return True
    above = next((g for g in govs if g.i in triggers), None)
    if above is None:
        return _same_event_nominal(tok, trig, triggers)
    if background(tok):
        return True  # a circumstance of the event above it
    if tok.tag_ == "VBG" and tok.dep_ in ("advcl", "acl", "xcomp") and trig.type in MANNER_TYPES:
        return True  # manner: "blocked roads demanding ..."
    return _same_event_nominal(tok, trig, triggers)


def _purpose(tok: Token) -> bool:
    """An infinitive purpose clause: "(went on strike) to demand ..." """
    return tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _circumstance(tok: Token) -> bool:
    """A noun (or gerund) after "during", "amid", "for", "in the wake of" ..."""
    if tok.dep_ not in ("pobj", "pcomp"):
        return False
    prep = tok.head
    if prep.lower_ in CIRCUMSTANCE_PREPS:
        return True
    return prep.lower_ == "of" and prep.head.lower_ in CIRCUMSTANCE_PREPS


def _same_event_nominal(tok: Token, trig: Trigger, triggers: dict[int, Trigger]) -> bool:
    """A noun re-describing the event of the trigger it hangs off."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    t = tok
    for _ in range(3):
        if t.head.i == t.i:
            return False
        t = t.head
        if t.i in triggers:
            return triggers[t.i].type == trig.type
        if t.dep_ not in ("prep", "pobj", "nsubj", "nsubjpass", "dobj") and t.pos_ != "ADP":
            return False
    return False


def negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if tok.pos_ in ("NOUN", "PROPN"):
        if any(c.lower_ == "no" and c.dep_ == "det" for c in tok.children):
            return True
        if tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_ in LIGHT_VERBS:
            return any(c.dep_ == "neg" for c in tok.head.children)
    return False


def _future(tok: Token) -> bool:
    return any(
        c.lower_ in ("will", "would", "shall", "'ll") and c.dep_ == "aux" for c in tok.children
    )


def _intent(tok: Token, govs: list[Token]) -> bool:
    if _future(tok):
        return True
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "dobj" and _future(tok.head):
        return True  # "will give Tanzania a grant", "will extend the curfew"
    return any(
        g.lemma_.lower() in INTENT_WORDS for g in govs[:2] if g.pos_ in ("VERB", "ADJ", "AUX")
    )


def _halts_involvement(tok: Token) -> bool:
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    objects += [c for o in objects for c in o.children if c.dep_ == "conj"]
    return any(o.lemma_.lower() in INVOLVEMENT for o in objects)


def deontic_speaker(tok: Token) -> Token | None:
    """The speech verb reporting a "must"/"should" clause headed by `tok`, if any."""
    if tok.dep_ not in ("ccomp", "xcomp", "acl", "relcl"):
        return None
    if not any(c.dep_ == "aux" and c.lower_ in DEONTIC for c in tok.lefts):
        return None
    head = tok.head
    if tok.dep_ in ("ccomp", "xcomp") and head.lemma_.lower() in SPEECH_VERBS:
        return head
    if (
        tok.dep_ in ("acl", "relcl", "ccomp") and head.pos_ == "NOUN" and head.dep_ == "dobj"
        and head.head.lemma_.lower() in SPEECH_VERBS
    ):  # fmt: skip
        return head.head  # "issued a reminder to Iraq that it must cooperate"
    return None


def easing(restriction: Trigger) -> str:
    """The type of ending `restriction` ("lifted the curfew", "cancelled restrictions"):
    PLOVER 2021 codes easing a curfew, state of emergency or economic sanction as
    RETREAT, and easing other administrative restrictions as CONCEDE."""
    if restriction.type == "SANCTION" or restriction.mode in RETREAT_EASING:
        return "RETREAT"
    return "CONCEDE"


def conditional_threat(tok: Token, type_: str) -> bool:
    """ "will boycott ... unless", "may halt mediation if ..." """
    modal = any(
        c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "may", "might", "could")
        for c in tok.children
    )
    marks = {
        m.lower_ for c in tok.children if c.dep_ == "advcl" for m in c.children if m.dep_ == "mark"
    }
    return modal and ("unless" in marks or ("if" in marks and type_ in HOSTILE))


def reframe(tok: Token, trig: Trigger, is_negated: bool) -> tuple[str, str | None, bool]:
    """(type, mode, negated) after modality."""
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
    if conditional_threat(tok, trig.type) and not passive:  # not "could be tortured if"
        return "THREATEN", None, False
    if deontic_speaker(tok) is not None:
        return "REQUEST", None, False
    intent = _intent(tok, governors(tok))
    if trig.type == "AGREE" and is_negated:
        return "REJECT", None, False  # "will not accept", "did not agree"
    if trig.type == "RETREAT" and intent and not is_negated and _halts_involvement(tok):
        return "THREATEN", None, False  # "will withdraw the inspectors from Iraq"
    if trig.type in COOPERATIVE and intent:
        return ("REJECT", None, False) if is_negated else ("AGREE", None, False)
    if trig.type in HOSTILE and intent and not is_negated and not passive:
        return "THREATEN", trig.mode, False  # "vowed to fight", "plans to impose restrictions"
    return trig.type, trig.mode, is_negated
