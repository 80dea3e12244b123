"""Stage: claims.  How sure the text is of each event, and on whose word.

Contract: requires ``doc._.events`` and (optionally) ``doc._.quotes``; assigns
``doc._.claims``, a list of `ClaimSpan` parallel to ``doc._.events``.

certainty, first rule that applies:

* ``hypothetical``: the event may not happen or has not: a modal ("could", "may",
  "might"), a future or conditional, or a plan/threat/attempt verb above it ("plans to",
  "threatened to", "tried to"), or a negated irrealis frame;
* ``alleged``: hedged: "allegedly", "reportedly suspected", "suspected of",
  "accused of", "charged with", "said to be", "believed to", "the alleged plot";
* ``reported``: attributed to a source: inside a quote, in a clause reported by a
  speech verb ("X said that ..."), "according to X", or the object of a reporting verb
  ("Dutch newspapers reported the detention of ..."), including relative clauses
  hanging off such an object ("... operatives, who were suspected of spying");
* ``asserted``: the article states it in its own voice.

``asserted_by`` is whoever the words are attributed to, whatever the certainty (the
spying above is *alleged*, and asserted by the Dutch newspapers); ``None`` means the
article itself.  ``cue`` is the word that set the certainty or the attribution.
Negation is not a certainty: it stays in ``Event.negated``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from repwatch.nlp.actors import ActorSpan
from repwatch.nlp.arguments import ArgumentFinder, subject
from repwatch.nlp.doctext import lower_lemmas_of, sentence_of
from repwatch.nlp.events import EventSpan
from repwatch.nlp.framing import governors

MODALS = frozenset({"could", "may", "might", "would", "should", "can", "will", "shall", "'ll"})
HYPOTHETICAL_VERBS = frozenset(
    "plan intend threaten vow pledge promise try attempt seek aim want hope propose "
    "consider prepare offer warn".split()
)
ALLEGING_VERBS = frozenset("suspect accuse allege charge believe rumour rumor claim".split())
ALLEGING_NOUNS = frozenset("suspicion allegation accusation charge claim".split())
PLANNING_MODIFIERS = frozenset({"planning", "planned", "plotted", "intended", "threatened"})
HEDGE_ADVERBS = frozenset({"allegedly", "reportedly", "purportedly", "apparently", "supposedly"})
REPORTING_VERBS = frozenset(
    "say tell report announce state claim add note write confirm reveal disclose "
    "quote cite allege warn insist explain describe publish broadcast".split()
)
UP_DEPS = frozenset(
    {"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "acl", "advcl", "relcl", "conj",
     "nsubjpass", "nsubj", "appos", "attr", "oprd"}
)  # fmt: skip
CERTAINTIES = ("asserted", "reported", "alleged", "hypothetical")


@dataclass(frozen=True)
class ClaimSpan:
    certainty: str
    asserted_by: ActorSpan | None
    cue: Span | None


def _hypothetical_cue(tok: Token, chain: list[Token]) -> Token | None:
    for c in tok.children:
        if c.dep_ == "aux" and c.lower_ in MODALS:
            return c
        if c.dep_ in ("compound", "amod") and c.lower_ in PLANNING_MODIFIERS:
            return c  # "planning attacks", "a planned assassination"
    for t in chain[:3]:
        if t.lemma_.lower() in HYPOTHETICAL_VERBS and t.pos_ in ("VERB", "AUX"):
            return t
        if t.dep_ in ("relcl", "conj"):
            break
    for c in tok.children:
        if c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children):
            return next(m for m in c.children if m.lower_ in ("if", "unless"))
    return None


def _alleged_cue(tok: Token, chain: list[Token]) -> Token | None:
    for c in tok.children:
        if c.lower_ in HEDGE_ADVERBS or (c.dep_ == "amod" and c.lemma_.lower() == "allege"):
            return c
    for t in chain[:4]:
        if t.lemma_.lower() in ALLEGING_VERBS and t.pos_ == "VERB":
            return t
        if t.lemma_.lower() in ALLEGING_NOUNS and t.pos_ == "NOUN":
            return t  # "on suspicion of", "allegations of"
        if any(c.lower_ in HEDGE_ADVERBS for c in t.children):
            return next(c for c in t.children if c.lower_ in HEDGE_ADVERBS)
        if t.dep_ == "relcl":
            break
    return None


def _reporting(
    tok: Token, chain: list[Token], finder: ArgumentFinder
) -> tuple[Token, ActorSpan | None] | None:
    """(cue, speaker) of a reporting frame above `tok`, if any."""
    for t in [tok, *chain]:
        if t.lemma_.lower() in REPORTING_VERBS and t.pos_ == "VERB" and t is not tok:
            subj, _ = subject(t)
            return t, finder.actor(subj)
    top = chain[-1] if chain else tok
    for c in top.children:  # "The attack, police said, was ..."
        if c.dep_ == "parataxis" and c.lemma_.lower() in REPORTING_VERBS:
            subj, _ = subject(c)
            return c, finder.actor(subj)
    sent, doc = sentence_of(tok), tok.doc
    lower = lower_lemmas_of(doc)[0]  # the words' strings: no Token made per word
    for i in range(sent.start, sent.end):  # "according to X"
        if lower[i] == "according" and i + 1 < sent.end and lower[i + 1] == "to":
            pobj = next((g for g in doc[i + 1].children if g.dep_ == "pobj"), None)
            return doc[i], finder.actor(pobj)
    return None


def assess(doc: Doc, event: EventSpan, finder: ArgumentFinder) -> ClaimSpan:
    tok = event.trigger.root
    chain = governors(tok, limit=8, deps=UP_DEPS)
    quote = _quote_of(doc, tok)
    reported = _reporting(tok, chain, finder)
    asserted_by: ActorSpan | None = None
    attribution_cue: Span | None = None
    if quote is not None:
        asserted_by = quote.speaker
        attribution_cue = quote.cue
    elif reported is not None:
        asserted_by = reported[1]
        attribution_cue = doc[reported[0].i : reported[0].i + 1]
    hyp = _hypothetical_cue(tok, chain)
    if hyp is not None:
        return ClaimSpan("hypothetical", asserted_by, doc[hyp.i : hyp.i + 1])
    alleged = _alleged_cue(tok, chain)
    if alleged is not None:
        return ClaimSpan("alleged", asserted_by, doc[alleged.i : alleged.i + 1])
    if quote is not None or reported is not None:
        return ClaimSpan("reported", asserted_by, attribution_cue)
    return ClaimSpan("asserted", None, None)


def _quote_of(doc: Doc, tok: Token) -> Any:
    """The quote (from the quotes stage, when it runs) whose words contain `tok`."""
    quotes = (doc._.quotes if Doc.has_extension("quotes") else None) or []
    for quote in quotes:
        if quote.content.start <= tok.i < quote.content.end:
            return quote
    return None


@Language.factory(
    "repwatch_claims",
    requires=["doc._.events", "doc._.actors"],
    assigns=["doc._.claims"],
)
def make_claims(nlp: Language, name: str) -> ClaimsComponent:
    return ClaimsComponent()


class ClaimsComponent:
    def __init__(self) -> None:
        if not Doc.has_extension("claims"):
            Doc.set_extension("claims", default=None)

    def __call__(self, doc: Doc) -> Doc:
        finder = ArgumentFinder(doc, doc._.actors or [])
        doc._.claims = [assess(doc, e, finder) for e in doc._.events or []]
        return doc
