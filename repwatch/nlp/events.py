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

from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.attrs import POS
from spacy.language import Language
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span, Token

from repwatch.nlp import framing, senses
from repwatch.nlp.actors import ActorSpan
from repwatch.nlp.arguments import (
    ArgumentFinder,
    between_parties,
    grievance,
    noun_args,
    purpose_clauses,
    purpose_owner,
    subject,
    target_candidates,
    under_args,
    verb_args,
    withdrawn_from,
)
from repwatch.nlp.dictionary import Dictionary
from repwatch.nlp.dictionary import load_cached as load_dictionary
from repwatch.nlp.doctext import lower_lemmas_of, sentence_of, sentence_start_of
from repwatch.nlp.headlines import headline_verbs
from repwatch.nlp.lexicon import Lexicon, Trigger
from repwatch.nlp.lexicon import load_cached as load_lexicon

IMPLICIT_AUTHORITY_MODES = frozenset({"arrest", "deport", "investigate"})
ARMED_SECTORS = frozenset({"MIL", "REB", "SPY"})
#: Events where "X and Y <verb>" makes each the other's counterpart.
RECIPROCAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
RECIPROCAL_LEMMAS = frozenset({"clash", "fight", "negotiate", "sign"})
#: Nouns that only package the event named by their compound: "a mediation effort".
CONTAINER_NOUNS = frozenset(
    "effort mission operation campaign drive bid attempt initiative".split()
)
#: Nouns that count or batch an event noun after "of": "a wave of attacks".
MEASURE_NOUNS = frozenset(
    "dollar euro pound ton tonne worth wave series spate string round package shipment "
    "batch volley barrage".split()
)
#: Events that take the place they happen in as their target when no actor is found:
#: "imposed a curfew in Cizre", "withdrew its inspectors from Iraq".  Meetings and
#: agreements happen somewhere without being done to it.
NO_PLACE_TARGET = frozenset({"CONSULT", "AGREE", "COOPERATE"})


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
    basis: str = "rules"  # "model": found by the ACLED classifier (`nlp/model_events.py`)


def _matches(tok: Token, trig: Trigger, kids: dict[int, set[str]] | None = None) -> bool:
    """Whether `tok` can be `trig`: its part of speech, and the words `trig` needs among
    its children and grandchildren (kept in `kids`, by token, when a caller tries
    several triggers on one token)."""
    if trig.pos == "VERB" and tok.pos_ not in ("VERB", "AUX"):
        return False
    if trig.pos == "NOUN" and tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if tok.pos_ not in ("VERB", "NOUN", "PROPN", "AUX"):
        return False
    if not trig.needs:
        return True
    found = kids.get(tok.i) if kids is not None else None
    if found is None:
        found = _kids(tok)
        if kids is not None:
            kids[tok.i] = found
    return all(n in found for n in trig.needs)


def _kids(tok: Token) -> set[str]:
    children = [c for c in tok.children if c.dep_ not in ("aux", "auxpass", "neg", "punct")]
    kids = {c.lemma_.lower() for c in children} | {c.lower_ for c in children}
    for c in children:  # "call on X for": look one level down too
        kids |= {g.lemma_.lower() for g in c.children}
    return kids


def construction(tok: Token, lexicon: Lexicon) -> Trigger | None:
    """An event made by a construction rather than by a word of the lexicon:
    ending a restriction ("lifted the curfew", "shortened the curfew", "cancelled
    restrictions on ...") and a deontic clause under a speech verb ("declared that
    China must drop its barriers"): a REQUEST whatever the clause's verb."""
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    if tok.lemma_.lower() in framing.UNDO_VERBS:
        for obj in (c for c in tok.children if c.dep_ == "dobj"):
            for trig in lexicon.candidates(obj.lemma_.lower()):
                if (
                    trig.type in ("COERCE", "SANCTION")
                    and trig.pos != "VERB"
                    and _matches(obj, trig)
                ):
                    type_ = framing.easing(trig)
                    return Trigger(tok.lemma_.lower(), (), "VERB", type_, None, False, False)
    if framing.deontic_speaker(tok) is not None and any(c.dep_ == "nsubj" for c in tok.children):
        return Trigger(tok.lemma_.lower(), (), "VERB", "REQUEST", None, True, False)
    return None


def find_triggers(doc: Doc, lexicon: Lexicon) -> list[tuple[Token, Trigger]]:
    """Trigger tokens in text order.  A word that is a required part of another
    trigger ("agreement" in "reach agreement") is not a trigger of its own, nor is a
    noun that only modifies another ("protest movement", "prosecution service"),
    unless that other noun only packages the event ("a mediation effort")."""
    found: list[tuple[Token, Trigger]] = []
    consumed: set[int] = set()
    lemmas = lower_lemmas_of(doc)[1]
    pos = doc.to_array(POS).tolist()
    kids: dict[int, set[str]] = {}
    headlines = headline_verbs(doc, lexicon)
    for i, lemma in enumerate(lemmas):
        if pos[i] not in (VERB, AUX) and not lexicon.candidates(lemma):
            continue  # neither a construction (verbs only) nor a word of the lexicon
        tok = doc[i]
        if i in headlines:  # "Youths attack journalist" (`repwatch.nlp.headlines`)
            found.append((tok, headlines[i]))
            continue
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("compound", "amod"):
            if tok.dep_ == "amod" or tok.head.lemma_.lower() not in CONTAINER_NOUNS:
                continue
        if tok.ent_type_ in ("DATE", "TIME", "PERSON", "GPE"):
            continue  # "last March", "Strike" the surname
        made = construction(tok, lexicon)
        if made is not None:
            found.append((tok, made))
            continue
        for trig in lexicon.candidates(lemma):
            if _matches(tok, trig, kids):
                if senses.other_sense(tok, trig) or senses.hypothetical_noun(tok):
                    break  # "Wall Street's rally", "the risk of unrest"
                found.append((tok, trig))
                for c in tok.children:
                    if c.lemma_.lower() in trig.needs or c.lower_ in trig.needs:
                        consumed.add(c.i)
                break
    return [(t, trig) for t, trig in found if t.i not in consumed]


def code_events(
    doc: Doc, actors: list[ActorSpan], lexicon: Lexicon, dictionary: Dictionary
) -> list[EventSpan]:
    from repwatch.nlp.implicit import as_place, implicit_authority, place_target

    headlines = headline_verbs(doc, lexicon)  # cached: `find_triggers` finds them too
    triggers = [(t, trig) for t, trig in find_triggers(doc, lexicon)
                if t.dep_ != "amod" or t.i in headlines]  # fmt: skip
    trigger_at = {tok.i: trig for tok, trig in triggers}
    foreground = {sentence_start_of(doc, t.i) for t, _ in triggers if not framing.background(t)}
    finder = ArgumentFinder(doc, actors)
    events: list[EventSpan] = []
    for tok, trig in triggers:
        sent = sentence_of(tok)
        if framing.suppressed(tok, trig, trigger_at, sent.start in foreground):
            continue
        type_, mode, negated = framing.reframe(tok, trig, framing.negated(tok))
        headline = tok.i in headlines
        # "a mediation effort between": a compound's head carries the arguments
        arg = tok.head if tok.dep_ == "compound" and not headline else tok
        arg = _measured(arg)  # "gave X $5 million of aid": the amount carries them
        under = under_args(arg) if arg.pos_ in ("NOUN", "PROPN") and not headline else None
        src_tok: Token | None
        tgt_tok: Token | None
        if headline:  # "Youths attack journalist": the words on either side
            src_tok, tgt_tok = doc[tok.i - 1], doc[tok.i + 1]
            src_toks = [src_tok]
        elif arg.pos_ in ("VERB", "AUX"):
            src_tok, tgt_tok = verb_args(arg)
            src_toks = [src_tok] if src_tok is not None else []
        elif under is not None:  # "was placed under arrest", "came under investigation"
            src_tok, tgt_tok = under
            src_toks = [src_tok] if src_tok is not None else []
        else:
            src_toks, tgt_tok = noun_args(arg, trig, arg.head.i in trigger_at)
            src_tok = src_toks[0] if src_toks else None
        speaker = framing.deontic_speaker(tok) if type_ == "REQUEST" else None
        if speaker is not None:  # "Russia said Sudan must return ...": Russia asks Sudan
            src_tok, tgt_tok = subject(speaker)[0], src_tok
            src_toks = [src_tok] if src_tok is not None else []
        source = finder.first_actor(src_toks)
        owner = None if headline else purpose_owner(arg)
        if owner is not None and (source is None or source.anchor != arg.head.i):
            # "converged for a rally in Lima to protest X": not the rally, nor Lima
            source = finder.actor(owner) or source
        if headline and source is not None and source.anchor > tok.i:
            source = None  # a headline's source comes before its verb
        if senses.closure(tok, trig, source.sector if source else None):
            continue  # "traffic will be blocked": a closure, not a blockade
        if mode == "boycott" and tok.lemma_.lower() == "strike" and _armed(source):
            type_, mode = "ASSAULT", None  # "coalition forces conducted four strikes"
        if mode == "riot" and tok.lemma_.lower() in RECIPROCAL_LEMMAS and _armed(source):
            # "rival militias clashed": a fight, where "protesters clashed" is a riot
            type_, mode = "ASSAULT", None
        if trig.type == "RETREAT" and trig.mode == "withdraw" and arg.pos_ in ("VERB", "AUX"):
            # "withdrew its troops from X": the troops are the source's own
            target = finder.actor(withdrawn_from(arg), exclude=source)
        else:
            target = None
            if type_ == "ACCUSE" and arg.pos_ in ("VERB", "AUX"):
                # "complained to the UN over X's raids": the UN is only told
                target = finder.first_actor(grievance(arg), exclude=source)
            if target is None:
                candidates = target_candidates(arg, tgt_tok)
                if type_ == "MOBILIZE" and source is not None and source.country:
                    candidates = _foreign(candidates, finder, source)
                target = finder.first_actor(candidates, exclude=source)
        pair = between_parties(arg) if arg.pos_ in ("NOUN", "PROPN") else None
        if source is None and pair is not None and _reciprocal(tok, type_):
            source = finder.actor(pair[0])  # "talks between Eritrea and Ethiopia"
            target = finder.actor(pair[1], exclude=source) if source is not None else target
        if target is None and src_tok is not None and _reciprocal(tok, type_):  # "X and Y met"
            conj = next((c for c in src_tok.children if c.dep_ == "conj"), None)
            target = finder.actor(conj, exclude=source)
            if target is None and source is not None:  # "Armenian and Azeri forces clashed"
                target = _second_nationality(source, dictionary)
        purposes = purpose_clauses(arg)
        if type_ == "REJECT" and any(_protest(c, trigger_at) for c in purposes):
            type_, mode = "PROTEST", None  # "shunned work to protest": a strike
        for clause in purposes if target is None else []:  # "to protest the arrest of X"
            target = finder.first_actor(target_candidates(clause, verb_args(clause)[1]), source)
            if target is not None:
                break
        if source is None and target is None and _topic_only(tok, trigger_at):
            continue  # "welcomed the agreement": a bare topic of another event
        if headline and target is not None and target.anchor < tok.i:
            target = None  # a headline's target comes after its verb
        basis = "syntax" if source else None
        if source is None and mode in IMPLICIT_AUTHORITY_MODES:
            source = implicit_authority(doc, tok, target, actors, dictionary)
            basis = "implicit" if source else None
        if _place_is_target(type_, mode):
            if target is None:
                target = place_target(arg, actors)
            elif not target.code:  # "Rebels attack Goma": the NER's ORG is the town
                target = as_place(target) or target
        events.append(EventSpan(doc[tok.i : tok.i + 1], sent, type_, mode, source, target,
                                negated, basis))  # fmt: skip
    return events


def _second_nationality(actor: ActorSpan, d: Dictionary) -> ActorSpan | None:
    """The second of two coordinated nationalities on one head noun ("Israeli and
    Palestinian negotiators", "Indian and Pakistani troops"), as an actor of the same
    sector: the counterpart of a reciprocal event."""
    for t in actor.span:
        if t.dep_ != "conj" or t.head.dep_ not in ("amod", "compound", "nmod"):
            continue
        entry = next((e for e in d.lookup(t.text) if e.kind == "demonym" and e.country), None)
        if entry is not None and entry.country != actor.country:
            country, sector = str(entry.country), actor.sector
            return replace(actor, span=actor.span.doc[t.i : t.i + 1], anchor=t.i,
                           name=d.countries[country].name, country=country,
                           code=country + (sector or ""))  # fmt: skip
    return None


def _measured(tok: Token) -> Token:
    """The amount or series a nominal trigger is counted in, when it is one: "aid" in
    "gave Tanzania $5 million of aid", "attacks" in "launched a wave of attacks";
    the verb's arguments hang off that noun, not off the trigger."""
    prep = tok.head
    if tok.pos_ != "NOUN" or tok.dep_ != "pobj" or prep.lower_ != "of":
        return tok
    amount = prep.head
    if amount.pos_ != "NOUN" or amount.dep_ not in ("dobj", "nsubj", "nsubjpass"):
        return tok
    counted = amount.lemma_.lower() in MEASURE_NOUNS or any(
        c.dep_ == "nummod" for c in amount.children
    )
    return amount if counted else tok


def _armed(actor: ActorSpan | None) -> bool:
    """Soldiers, spies and armed groups: when they clash, it is a fight, not a riot."""
    return actor is not None and actor.sector in ARMED_SECTORS


def _foreign(
    candidates: Iterator[Token], finder: ArgumentFinder, source: ActorSpan
) -> Iterator[Token]:
    """Target candidates of a mobilisation that are not the source's own forces:
    "Britain mobilised army reservists for a war against Iraq" targets Iraq."""
    for tok in candidates:
        found = finder.actor(tok, exclude=source)
        if found is None or found.country != source.country:
            yield tok


def _topic_only(tok: Token, triggers: dict[int, Trigger]) -> bool:
    """A noun with no participants of its own, hanging off another event's verb: it
    names what that event is about ("welcomed the agreement", "rejected the plan"), not
    a second event.  A protest is always an event of its own: "police monitored the
    protest" reports one.  With a participant ("condemned the arrest of two
    journalists") it is an event of its own."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ not in ("dobj", "pobj", "nsubj"):
        return False
    if triggers[tok.i].type == "PROTEST":
        return False  # "police dispersed the protest": the protest happened
    head = tok.head.head if tok.dep_ == "pobj" else tok.head
    return head.i != tok.i and head.i in triggers


def _place_is_target(type_: str, mode: str | None) -> bool:
    """Whether an event with no target actor takes its place as the target.  Not a
    meeting or agreement, which happens somewhere without being done to it, nor an
    arrest or deportation, whose place names the implicit agent instead."""
    if mode in IMPLICIT_AUTHORITY_MODES:
        return False
    return type_ not in NO_PLACE_TARGET or mode == "visit"


def _protest(tok: Token, triggers: dict[int, Trigger]) -> bool:
    trig = triggers.get(tok.i)
    return trig is not None and trig.type == "PROTEST"


def _reciprocal(tok: Token, type_: str) -> bool:
    return type_ in RECIPROCAL_TYPES or tok.lemma_.lower() in RECIPROCAL_LEMMAS


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
