"""Other senses of protest words: when a trigger word does not report a protest.

General news is full of the words the lexicon reads as protests: markets rally,
teams clash, a striker's strike wins the match, a finding demonstrates that ..., the
faithful fast in Ramadan.  GDELT's low protest precision (about 21%, Wang et al. 2016)
is largely made of such readings.  `other_sense` says when a PROTEST trigger is one of
them (measured on GLOCON's South African news, docs/accuracy.md):

* "demonstrate" with an object or a clause ("demonstrated his willingness",
  "demonstrates that ..."): to show; the protest sense takes neither;
* "rally" with an object ("helped rally the sector", "rallied support");
* "rally" or "unrest" in a sentence about markets ("Wall Street posted a strong
  rally", "financial market unrest");
* the nouns "clash", "strike" and "rally", and "walk off", in a sentence about sport
  ("the Super Rugby clash", "a 90th-minute strike", "long rallies", "walked off the
  court"); not the verbs: "football fans clashed with police" is a riot;
* "block" in the passive, to come or with a modal ("traffic will be blocked"), or
  with an armed or state agent ("the flotilla was blocked by the navy"): a closure,
  not a blockade;
* "fast" with no word of protest in its sentence ("a time of prayer and fasting");
* "March" next to a number ("on March 3"): the month, where the NER missed it;
* "block" with a move or measure for its object ("blocking its peace efforts").

Any trigger under "the risk of", "fears of", "the prospect of" ... names what might
happen, not an event (`hypothetical_noun`).
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from repwatch.nlp.doctext import sentence_of
from repwatch.nlp.lexicon import Trigger

#: Words that put a sentence in the markets pages.
MARKET_WORDS = frozenset(
    "market markets shares stock stocks equities index indices currency currencies dollar "
    "yen euro rand sterling bond bonds investors dealers nasdaq dow ftse jse bourse "
    "bullish bearish fed pullback".split()
)
#: Words that put a sentence in the sports pages.
SPORT_WORDS = frozenset(
    "match matches tournament championship rugby cricket soccer tennis semifinal "
    "semi-final quarterfinal quarter-final goals innings wicket wickets striker midfielder "
    "fixture springboks bafana olympics minute".split()
)
#: Nouns that name a match, a shot or an exchange in the sports pages.
SPORT_NOUNS = frozenset({"clash", "strike", "rally"})
MARKET_LEMMAS = frozenset({"rally", "unrest"})
#: Words of protest that make "fasting" a hunger strike.
PROTEST_WORDS = frozenset(
    "hunger protest protests protesting protesters demand demands demanding against "
    "strike until detention detained prison prisoners jail".split()
)
#: Nouns whose "of" complement names what might happen: "the risk of unrest".
HYPOTHETICAL_HEADS = frozenset(
    "risk risks fear fears danger dangers prospect prospects possibility threat spectre "
    "specter likelihood chance chances".split()
)
#: Words that open a place, which the parser may hang inside an "object":
#: "rallied outside (JJ) the headquarters".
PLACE_WORDS = frozenset("outside inside near at in before behind around across".split())
#: What a blockade does not block: moves and measures ("blocked the resolution").
BLOCKED_MOVES = frozenset(
    "effort resolution bill law deal move plan proposal attempt appointment sale merger "
    "takeover bid nomination vote motion legislation reform measure decision "
    "investigation probe payment transfer website site account".split()
)
MODALS = frozenset("will would can could may might shall should must".split())
ARMED_OR_STATE = frozenset({"MIL", "COP", "SPY", "GOV"})


def _words(tok: Token) -> set[str]:
    return {t.lower_ for t in sentence_of(tok)}


def other_sense(tok: Token, trig: Trigger) -> bool:
    """Whether the PROTEST trigger at `tok` is used in another sense (module docstring)."""
    if trig.type != "PROTEST":
        return False
    lemma = tok.lemma_.lower()
    verb = tok.pos_ in ("VERB", "AUX")
    if lemma == "demonstrate" and verb:
        return any(_shown(tok, c) or _that_clause(c) for c in tok.children)
    if lemma == "rally" and verb and any(_object(c) for c in tok.children):
        return True
    packaged = {lemma, *trig.needs}  # "staged a rally": the rally decides
    if packaged & MARKET_LEMMAS and (_words(tok) & MARKET_WORDS or _wall_street(tok)):
        return True
    if lemma == "march" and _month(tok):
        return True
    if lemma == "block" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in BLOCKED_MOVES for c in tok.children
    ):
        return True  # "blocking its peace efforts": obstructing a move, not a road
    # the nouns, and a verb the tagger made of one ("the Rugby Championship clash at
    # the stadium": no subject); not "football fans clashed with police"
    sport = lemma in SPORT_NOUNS and (not verb or not _has_subject(tok))
    if lemma == "walk" and any(c.dep_ == "prt" and c.lower_ == "off" for c in tok.children):
        sport = True  # "walked off the court"
    if sport and _words(tok) & SPORT_WORDS:
        return True
    if lemma == "fast" or tok.lower_ == "fasting":
        return not _words(tok) & PROTEST_WORDS
    return False


def off_topic(text: str) -> bool:
    """Whether `text` reads like the markets or sports pages (`MARKET_WORDS`,
    `SPORT_WORDS`): where the ACLED classifier's guess of a protest is not coded."""
    lowered = text.lower()
    words = set(re.findall(r"[a-z][a-z-]*", lowered))
    return bool(words & (MARKET_WORDS | SPORT_WORDS)) or "wall street" in lowered


def _has_subject(tok: Token) -> bool:
    """A subject of its own, not a word of the game the tagger took for one ("their
    Super Rugby clash": "Rugby" as the subject of the verb "clash")."""
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in SPORT_WORDS for c in tok.children
    )


def _wall_street(tok: Token) -> bool:
    return "wall street" in sentence_of(tok).text.lower()


def _month(tok: Token) -> bool:
    """ "March 3", "3 March", "in March 2019": the month, which the NER missed."""
    if tok.text != "March":
        return False
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    prev = doc[tok.i - 1] if tok.i > 0 else None
    return bool((nxt is not None and nxt.like_num) or (prev is not None and prev.like_num))


def _object(tok: Token) -> bool:
    """A real direct object: not a noun the parser took for one after a preposition
    ("rallied outside the party's headquarters")."""
    if tok.dep_ != "dobj":
        return False
    first, before = tok.left_edge, tok.left_edge.i - 1
    return first.lower_ not in PLACE_WORDS and not (before >= 0 and tok.doc[before].pos_ == "ADP")


def _shown(verb: Token, obj: Token) -> bool:
    """What "demonstrate" shows: an object right after it ("demonstrated his
    willingness"), not a noun the parser took for one beyond a place ("demonstrated in
    Hyderabad city demanding salaries"), nor the noun a participle describes
    ("demonstrating women")."""
    if not _object(obj) or obj.i < verb.i:
        return False
    between = verb.doc[verb.i + 1 : obj.left_edge.i]
    if any(t.pos_ not in ("ADV", "PART") for t in between):
        return False
    return not (verb.tag_ == "VBG" and not between and verb.dep_ not in ("ROOT", "conj", "advcl"))


def _that_clause(tok: Token) -> bool:
    """ "demonstrates that ...", "demonstrated how ...": what is shown."""
    return tok.dep_ == "ccomp" and any(
        c.lower_ in ("that", "how", "what", "why", "whether") and c.i < tok.i for c in tok.children
    )


def closure(tok: Token, trig: Trigger, agent_sector: str | None) -> bool:
    """ "traffic will be blocked", "the convoy was blocked by troops": a passive "block"
    that is to come or may be, or whose agent is armed or the state, closes a way; it
    is no blockade.  "The road was blocked" after a protest still is one."""
    if trig.type != "PROTEST" or tok.lemma_.lower() != "block":
        return False
    verbs = [tok, tok.head] if tok.dep_ == "conj" else [tok]  # "detained or blocked"
    kids = [c for v in verbs for c in v.children]
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in kids)
    if not passive:
        return False
    if agent_sector in ARMED_OR_STATE:
        return True
    return any(c.dep_ == "aux" and c.lower_ in MODALS for c in kids)


def hypothetical_noun(tok: Token) -> bool:
    """A trigger under "the risk of", "fears of", "the prospect of": what might happen."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "of":
        return False
    return tok.head.head.lemma_.lower() in HYPOTHETICAL_HEADS
