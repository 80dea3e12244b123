"""Transnational repression (TNR): a state acting against its own nationals abroad.

Called by the taxonomy stage (`nlp/taxonomy.py`) for each event; `code_tnr` is a
pure function of the event, its anchor and the Doc.  An event is TNR only when the
text shows it crossing a border:

* **origin state**: the country of a state actor (GOV, SPY, COP, MIL, JUD) that is the
  event's source, acting against a national of that same country: a dissident,
  exile, journalist, activist, opposition member, civilian or relative.  Two
  indirect cases give the origin too:

  - *a foiled plot*: an event with no source ("suspected of planning attacks on
    exiled dissidents") whose target is a national of C, in a sentence that names a
    state actor of C (the agents arrested for it);
  - *the host state's arm*: a host state arresting, deporting or extraditing a
    national of C at C's request ("at the request of", "red notice", "warrant"):
    the requesting state C is the origin.

* **host state**: the country of the event's location (a place the text names for
  it; never the country the anchoring stage inferred from the actors), else the
  country where the target lives by the text ("an exiled journalist in Vienna", "a
  dissident who lives in Berlin").  When that is the origin itself or unknown, the
  event is not coded as TNR: nothing shows it crossing a border.

* **coercion by proxy** is the one tactic that happens at home: a state detaining,
  threatening or attacking relatives of a national abroad.  Its host state is where
  the exile lives if the sentence or paragraph names another country, else None.

A host state's own arrest of a regime's agents ("Dutch police arrested Iranian
agents") is not TNR: its source is the host, not the origin.  Negated events are
never TNR.  Tactics are Freedom House's (see `TACTIC` below for the cues).
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span, Token

from repwatch.model import TnrCoding
from repwatch.nlp.actors import ActorSpan
from repwatch.nlp.doctext import lower_lemmas_of, sentence_of, sentence_start_of
from repwatch.nlp.events import EventSpan

STATE = frozenset({"GOV", "SPY", "COP", "MIL", "JUD"})
#: sectors of people a state may hunt abroad (a named person without a sector too)
NATIONAL = frozenset(
    {"OPP", "MED", "HRI", "CVL", "REF", "EDU", "REL", "NGO", "LAB", "BUS", "PTY", "LEG"}
)
FAMILY = frozenset(
    "family relative relatives mother father brother sister parent parents wife husband "
    "son daughter cousin uncle aunt nephew niece sibling siblings grandmother grandfather "
    "in-law in-laws".split()
)
#: words that say the event was done on another state's behalf
ON_REQUEST = frozenset("request behest notice warrant interpol extradition wanted".split())
#: words that say a relative's persecution is about a national abroad
ABROAD = frozenset("exile exiled abroad émigré emigre overseas diaspora flee fled".split())
KILL = frozenset(
    "kill killing murder assassinate assassination poison poisoning execute execution hit".split()
)
SPYWARE = frozenset("spyware pegasus predator malware finfisher candiru stalkerware".split())
DIGITAL = frozenset(
    "online internet social twitter facebook telegram whatsapp instagram tiktok youtube "
    "email e-mail message messages troll trolls hack hacking hacked phishing cyber "
    "cyberattack doxx doxxing".split()
)
MOBILITY = frozenset("passport passports interpol visa consular citizenship".split())
MOBILITY_PAIRS = (("red", "notice"), ("travel", "ban"), ("exit", "ban"))
WEAK_LOCATION = frozenset({"actor", "dateline"})  # not evidence of where it happened


def _words(span: Span) -> frozenset[str]:
    lowers, lemmas = lower_lemmas_of(span.doc)
    return frozenset(lowers[span.start : span.end]).union(lemmas[span.start : span.end])


def is_national(actor: ActorSpan | None) -> bool:
    """A person or group a state can target as its national (not a state or country)."""
    if actor is None or not actor.country:
        return False
    if actor.sector is None:
        return bool(actor.kinds & {"person", "PERSON"})
    return actor.sector in NATIONAL


def is_state(actor: ActorSpan | None) -> bool:
    """A state organ, or a country or capital standing for its government ("Kenya
    deported ...")."""
    if actor is None or not actor.country:
        return False
    if actor.sector is None:
        return bool(actor.kinds & {"country", "capital"})
    return actor.sector in STATE


def _family_word(tok: Token) -> bool:
    return tok.lemma_.lower() in FAMILY or tok.lower_ in FAMILY


def is_family(actor: ActorSpan | None) -> bool:
    """Relatives, or someone's relatives: "the relatives of a dissident", "the parents
    of a blogger" (the actors stage resolves the latter to the blogger)."""
    if actor is None:
        return False
    head = actor.span.doc[actor.anchor]
    if _family_word(head):
        return True
    of = head.head
    return head.dep_ == "pobj" and of.lower_ == "of" and _family_word(of.head)


def tactic(event: EventSpan, sentence: frozenset[str], family: bool) -> str | None:
    """Freedom House's tactic for an event, from its type, mode and words, or None."""
    trigger = event.trigger.root
    lemma = trigger.lemma_.lower()
    type_, mode = event.type, event.mode
    if family and type_ in ("COERCE", "ASSAULT", "THREATEN", "SANCTION"):
        return "coercion by proxy"
    if sentence & SPYWARE or {"hack", "phone"} <= sentence:
        return "spyware"
    if type_ == "THREATEN" or lemma in ("hack", "harass"):
        return "digital threats" if sentence & DIGITAL else None
    mobility = bool(sentence & MOBILITY) or any(set(p) <= sentence for p in MOBILITY_PAIRS)
    if mobility and type_ in ("SANCTION", "COERCE", "REJECT"):
        return "mobility controls"
    if type_ == "ASSAULT":
        if mode == "abduct":
            return "rendition"
        if mode == "assassinate" or lemma in KILL or (lemma == "plot" and sentence & KILL):
            return "assassination"
        return "assault"
    if type_ == "COERCE" and mode == "deport":
        return "rendition" if lemma in ("render", "rendition") else "unlawful deportation"
    if type_ == "COOPERATE" and lemma in ("extradite", "extradition"):
        return "unlawful deportation"
    if type_ == "COERCE" and mode == "arrest":
        return "detention"
    return None


def _location_country(anchor: Any | None) -> str | None:
    """The event's country when the text names where it happened."""
    if anchor is None or anchor.place_basis is None or anchor.place_basis in WEAK_LOCATION:
        return None
    if anchor.place is not None:
        return str(anchor.place.country) if anchor.place.country else None
    return str(anchor.actor_country) if anchor.actor_country else None


def _dateline_country(anchor: Any | None) -> str | None:
    if anchor is None or anchor.place_basis != "dateline" or anchor.place is None:
        return None
    return str(anchor.place.country) if anchor.place.country else None


def residence(actor: ActorSpan, places: list[Any], origin: str) -> str | None:
    """Where the text puts a person, when it is not `origin`: a place inside the
    mention or its relative clause ("a journalist in Vienna", "who lives in Berlin")."""
    subtree = {t.i for t in actor.span.doc[actor.anchor].subtree}
    for p in places:
        if p.span.root.i in subtree and p.country and p.country != origin:
            return str(p.country)
    return None


def _paragraph(tok: Token) -> Span:
    doc = tok.doc
    sent = sentence_of(tok)
    start, end = sent.start, sent.end
    while start > 0 and "\n" not in doc[start - 1].text_with_ws:
        start = sentence_start_of(doc, start - 1)
    while end < len(doc) and "\n" not in doc[end - 1].text_with_ws:
        end = sentence_of(doc[end]).end
    return doc[start:end]


def _abroad_country(tok: Token, places: list[Any], origin: str) -> str | None:
    """The first country other than `origin` named in the trigger's paragraph."""
    para = _paragraph(tok)
    for p in places:
        if para.start <= p.span.start < para.end and p.country and p.country != origin:
            return str(p.country)
    return None


def _requester(event: EventSpan, sentence: frozenset[str]) -> str | None:
    """A host state's arrest, deportation or extradition of a national of another
    state at that state's request: the requesting state."""
    src, tgt = event.source, event.target
    acts = event.mode in ("arrest", "deport") or event.type == "COOPERATE"
    if not (acts and is_state(src) and is_national(tgt) and sentence & ON_REQUEST):
        return None
    assert src is not None and tgt is not None
    return tgt.country if tgt.country != src.country else None


def _plotter(event: EventSpan, actors: list[ActorSpan]) -> str | None:
    """No source, a national of C as target, and a state actor of C in the sentence:
    the state behind a foiled plot ("arrested Iranian agents ... planning attacks on
    exiled dissidents")."""
    tgt = event.target
    if event.source is not None or not is_national(tgt) or event.type != "ASSAULT":
        return None
    assert tgt is not None
    sent = event.sentence
    for a in actors:
        if sent.start <= a.anchor < sent.end and is_state(a) and a.country == tgt.country:
            return tgt.country
    return None


def _by_proxy(event: EventSpan, sentence: frozenset[str], places: list[Any]) -> TnrCoding | None:
    """A state acting against relatives of its national abroad, usually at home."""
    src, tgt = event.source, event.target
    if src is None or src.country is None or tgt is None or tgt.country not in (None, src.country):
        return None
    host = _abroad_country(event.trigger.root, places, src.country)
    if host is None and not sentence & ABROAD:
        return None  # nothing says the family's persecution is about someone abroad
    how = tactic(event, sentence, family=True)
    return TnrCoding(src.country, host, how) if how else None


def code_tnr(
    doc: Doc, event: EventSpan, anchor: Any | None, places: list[Any], actors: list[ActorSpan]
) -> TnrCoding | None:
    """The event as transnational repression, or None when it is not one."""
    if event.negated:
        return None
    sentence = _words(event.sentence)
    src, tgt = event.source, event.target
    if is_family(tgt) and is_state(src):
        return _by_proxy(event, sentence, places)
    requester = _requester(event, sentence)
    if requester is not None:
        origin: str | None = requester
    elif is_state(src) and is_national(tgt) and src is not None and tgt is not None:
        origin = src.country if src.country == tgt.country else None
    else:
        origin = _plotter(event, actors)
    if origin is None:
        return None
    host = _location_country(anchor)
    if requester is not None and src is not None and host in (None, origin):
        host = src.country  # the host state acts at home ("at the request of Cairo")
    if host is None and tgt is not None:
        host = residence(tgt, places, origin)
    if host is None:
        host = _dateline_country(anchor)
    if host is None or host == origin:
        return None
    how = tactic(event, sentence, family=False)
    return TnrCoding(origin, host, how) if how else None
