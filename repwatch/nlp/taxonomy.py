"""Stage: each event in two more taxonomies, ACLED and transnational repression.

Contract: requires ``doc._.events``, ``doc._.claims`` and ``doc._.anchors``; assigns
``doc._.taxonomy``, a list of `Taxonomy` parallel to ``doc._.events``.

**ACLED** (event type and sub-event type, as ACLED spells them):

1. *rules*: ``resources/taxonomy/acled_rules.tsv`` maps the PLOVER type and mode, the
   event's cue words (trigger, subject, object and their compounds) and the source's
   and target's sectors to a sub-event type; the first matching row wins.  Code then
   does what a row cannot: a peaceful protest with state force in its sentence
   becomes "Protest with intervention" (or "Excessive force against protesters" when
   the sentence has deaths or live fire); state arrests and force against
   protesters join the protest the same way, and against rioters they are part of
   the riot; a mob that is a protest is a violent demonstration; a killing in a
   sentence whose bomb, shell or airstrike is its own event takes that weapon's
   sub-event type.  Negated and hypothetical events, and verbal ones (ACCUSE,
   CONSULT, REQUEST, THREATEN, ...), are not ACLED events: ``None``.
2. *model*: when ``repwatch/nlp/classifier.py`` has a trained model, it reads each
   event's paragraph (one batch per Doc).  `decide` uses its guess when the rules
   found an ACLED event and the guess's probability is at least the
   ``acled_model_threshold`` setting; otherwise the rules' coding stands.
3. *model events*: an event that ``repwatch/nlp/model_events.py`` found takes the
   model's guess (`found_by_model`).
4. *paragraph fallback*: a paragraph in which the rules found no ACLED event at all,
   though the model is all but sure (probability at least `FALLBACK_MINIMUM`) that it
   reports one, gets the model's coding on its first event that is neither negated
   nor hypothetical (`fallback`).  Notes such as "students demonstrated, demanding
   ..." whose only extracted event is the verbal demand are coded that way; the high
   bar keeps paragraphs that only report statements ("police said") out.

**TNR**: `repwatch.nlp.tnr.code_tnr`.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from repwatch import settings
from repwatch.errors import ResourceError, SettingError
from repwatch.model import ACLED_TYPE_OF, PLOVER_TYPES, SECTORS, AcledCoding, TnrCoding
from repwatch.nlp.actors import ActorSpan
from repwatch.nlp.doctext import lower_lemmas_of, text_of
from repwatch.nlp.events import EventSpan
from repwatch.nlp.tnr import code_tnr

RESOURCES = Path(str(resources.files("repwatch") / "resources" / "taxonomy"))
CUE_DEPS = frozenset(
    {"compound", "amod", "dobj", "nsubj", "nsubjpass", "prt", "nmod", "attr", "npadvmod"}
)
PROTESTERS = frozenset("protester protestor demonstrator marcher crowd".split())
RIOTERS = frozenset("rioter looter mob".split())
LETHAL = frozenset("kill killing dead death die murder massacre fatally fatal".split())
LIVE = frozenset("round rounds ammunition bullet bullets fire".split())
RIOT_WORDS = frozenset("pelt stone hurl torch vandalise vandalize loot smash arson".split())
NON_LETHAL = frozenset("rubber tear gas water pellet plastic blank baton cannon".split())
WEAPON_TYPE = "Explosions/Remote violence"
#: least probability at which the model codes an event in a paragraph where the rules
#: found no ACLED event (chosen by cross-validation inside our dev halves: it keeps four
#: fifths of the ACLED gain of a 0.5 bar and codes a tenth as many non-ACLED texts).
FALLBACK_MINIMUM = 0.9


@dataclass(frozen=True)
class Taxonomy:
    """One event's ACLED and TNR codings (each None when it does not apply)."""

    acled: AcledCoding | None
    tnr: TnrCoding | None


# --- the rules table ---------------------------------------------------------------


@dataclass(frozen=True)
class AcledRule:
    type: str
    modes: frozenset[str] | None  # None: any; "" stands for "no mode"
    cues: tuple[frozenset[str], ...] | None  # None: any; else one cue must be in the words
    source: frozenset[str] | None  # None: any; {"-"}: no actor; else sectors
    target: frozenset[str] | None
    sub: str | None  # None: not an ACLED event

    def matches(self, event: EventSpan, words: frozenset[str]) -> bool:
        return (
            event.type == self.type
            and (self.modes is None or (event.mode or "") in self.modes)
            and (self.cues is None or any(c <= words for c in self.cues))
            and _actor_fits(self.source, event.source)
            and _actor_fits(self.target, event.target)
        )


def _actor_fits(spec: frozenset[str] | None, actor: ActorSpan | None) -> bool:
    if spec is None:
        return True
    if "-" in spec:
        return actor is None
    return actor is not None and actor.sector in spec


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line and not line.startswith("#")]
    if not numbered:
        raise ResourceError(f"{path.name}: no rows")
    header = numbered[0][1].split("\t")
    out = []
    for n, line in numbered[1:]:
        cells = line.split("\t")
        if len(cells) != len(header):
            raise ResourceError(f"{path.name}: line {n}: expected {len(header)} columns")
        out.append((n, dict(zip(header, (c.strip() for c in cells), strict=True))))
    return out


def load_groups(path: Path) -> dict[str, frozenset[str]]:
    groups = {}
    for n, row in _rows(path):
        sectors = frozenset(row["sectors"].split())
        if not sectors <= set(SECTORS):
            raise ResourceError(f"{path.name}: line {n}: unknown sector in {row['sectors']!r}")
        groups[row["group"]] = sectors
    return groups


def _actor_spec(cell: str, groups: dict[str, frozenset[str]], where: str) -> frozenset[str] | None:
    if cell == "*":
        return None
    if cell == "-":
        return frozenset({"-"})
    out: set[str] = set()
    for item in cell.split(","):
        item = item.strip()
        if item.startswith("@"):
            if item[1:] not in groups:
                raise ResourceError(f"{where}: unknown group {item!r}")
            out |= groups[item[1:]]
        elif item in SECTORS:
            out.add(item)
        else:
            raise ResourceError(f"{where}: unknown sector {item!r}")
    return frozenset(out)


def load_rules(path: Path | None = None, groups_path: Path | None = None) -> list[AcledRule]:
    """The ACLED rules table, checked: every type, sector and sub-event type must exist."""
    path = path or RESOURCES / "acled_rules.tsv"
    groups = load_groups(groups_path or RESOURCES / "sector_groups.tsv")
    rules = []
    for n, row in _rows(path):
        where = f"{path.name}: line {n}"
        sub = row["sub"]
        if row["type"] not in PLOVER_TYPES or (sub != "-" and sub not in ACLED_TYPE_OF):
            raise ResourceError(f"{where}: unknown PLOVER type or ACLED sub-event type")
        modes = row["mode"]
        rules.append(AcledRule(
            type=row["type"],
            modes=None if modes == "*" else frozenset("" if m == "-" else m
                                                      for m in modes.split(",")),
            cues=None if row["words"] == "*" else tuple(
                frozenset(c.split()) for c in row["words"].split(",")),
            source=_actor_spec(row["source"], groups, where),
            target=_actor_spec(row["target"], groups, where),
            sub=None if sub == "-" else sub,
        ))  # fmt: skip
    return rules


@lru_cache(maxsize=1)
def load_rules_cached() -> tuple[AcledRule, ...]:
    return tuple(load_rules())


# --- rules: predict ------------------------------------------------------------------


def cue_words(tok: Token) -> frozenset[str]:
    """The trigger, its subject, object and particles, the "by"/"with" noun, and the
    compounds and modifiers of each, and what an "of" names in them: "a roadside bomb
    killed" gives {kill, bomb, roadside}, "fired tear gas" {fire, gas, tear}, "found a
    cache of arms" {find, cache, arm, arms}, "an exchange of fire" {exchange, fire}."""
    words = {tok.lemma_.lower(), tok.lower_}
    near = [c for c in tok.children if c.dep_ in CUE_DEPS]
    for prep in tok.children:
        if prep.dep_ in ("prep", "agent") and prep.lower_ in ("by", "with"):
            near += [c for c in prep.children if c.dep_ == "pobj"]
    for c in near:
        words |= {c.lemma_.lower(), c.lower_}
        words |= {g.lemma_.lower() for g in c.children if g.dep_ in ("compound", "amod")}
    for c in [tok, *near]:  # "an exchange of fire", "a cache of arms"
        for of in (g for g in c.children if g.dep_ == "prep" and g.lower_ == "of"):
            objs = [o for o in of.children if o.dep_ == "pobj"]
            words |= {o.lemma_.lower() for o in objs} | {o.lower_ for o in objs}
    return frozenset(words)


def rule_sub(event: EventSpan, rules: Sequence[AcledRule]) -> str | None:
    """The first matching row's sub-event type (None: not an ACLED event)."""
    words = cue_words(event.trigger.root)
    for rule in rules:
        if rule.matches(event, words):
            return rule.sub
    return None


def _has(actor: ActorSpan | None, lemmas: frozenset[str]) -> bool:
    return actor is not None and any(
        t.lemma_.lower() in lemmas or t.lower_ in lemmas for t in actor.span
    )


def _lemmas(span: Span, skip: set[int] | None = None) -> set[str]:
    """The lower-cased lemmas of `span`'s words, but those in `skip` (cached strings)."""
    lemmas, skip = lower_lemmas_of(span.doc)[1], skip or set()
    return {lemmas[i] for i in range(span.start, span.end) if i not in skip}


def _state_force(e: EventSpan) -> bool:
    if e.type not in ("ASSAULT", "COERCE") or e.negated:
        return False
    if e.source is None:
        return e.type == "COERCE"  # an arrest with no agent named is the authorities'
    return e.source.sector in ("GOV", "MIL", "COP", "SPY", "JUD")


def _topics(events: list[EventSpan]) -> set[int]:
    """Tokens that say what a protest is about ("protested the killing of a student"):
    violence there is not the protest's."""
    return {t.i for e in events if e.type == "PROTEST" for t in e.trigger.root.subtree
            if t.i != e.trigger.root.i}  # fmt: skip


def lethal(sentence: Span, skip: set[int] | None = None) -> bool:
    """Deaths, or live fire: "shot dead", "live ammunition", "opened fire" (not with
    rubber bullets, tear gas or water cannon); `skip` holds protests' topics."""
    lemmas = _lemmas(sentence, skip)
    if lemmas & LETHAL:
        return True
    doc, lower, skip = sentence.doc, lower_lemmas_of(sentence.doc)[0], skip or set()
    live = (i for i in range(sentence.start, sentence.end) if lower[i] == "live" and i not in skip)
    if any(doc[i].head.lower_ in LIVE for i in live):
        return True
    return bool(lemmas & {"shoot", "gunfire"}) and not lemmas & NON_LETHAL


def adjust(
    sub: str | None, event: EventSpan, others: list[tuple[EventSpan, str | None]]
) -> str | None:
    """What a table row cannot see: the other events of the sentence (`others`, with
    their rule sub-event types)."""
    if sub is None:
        return None
    live = [(o, s) for o, s in others if not o.negated]
    protests = [o for o, _ in live if o.type == "PROTEST"] + (
        [event] if event.type == "PROTEST" else [])  # fmt: skip
    topics = _topics(protests)
    protest = any(o.type == "PROTEST" for o, _ in live)
    riot = any(o.mode == "riot" for o in protests) or bool(
        _lemmas(event.sentence, topics) & RIOT_WORDS and "effigy" not in _lemmas(event.sentence)
    )
    force = "Excessive force against protesters" if lethal(event.sentence, topics) else (
        "Protest with intervention")  # fmt: skip
    if sub in ("Peaceful protest", "Protest with intervention") and riot:
        return "Violent demonstration"  # demonstrators who throw stones or burn are rioters
    if sub == "Peaceful protest" and any(
        _state_force(o) and o.trigger.root.i not in topics for o, _ in live
    ):
        return force
    against_crowd = _has(event.target, PROTESTERS | RIOTERS) or protest
    if _state_force(event) and against_crowd and sub in (
        "Arrests", "Attack", "Protest with intervention", "Mob violence", "Armed clash"
    ):  # fmt: skip
        return "Violent demonstration" if riot or _has(event.target, RIOTERS) else force
    if sub == "Mob violence" and (protest or _has(event.source, PROTESTERS)):
        return "Violent demonstration"
    if event.type == "ASSAULT" and sub in ("Attack", "Armed clash", "Mob violence"):
        weapons = [s for _, s in live if s is not None and ACLED_TYPE_OF[s] == WEAPON_TYPE]
        if weapons:
            return weapons[0]  # "three soldiers were killed when a bomb exploded"
    return sub


def acled_by_rules(
    events: list[EventSpan], certainties: list[str | None], rules: Sequence[AcledRule]
) -> list[AcledCoding | None]:
    """Each event's ACLED coding by the rules, parallel to `events`."""
    subs = [
        None if e.negated or c == "hypothetical" else rule_sub(e, rules)
        for e, c in zip(events, certainties, strict=True)
    ]
    out: list[AcledCoding | None] = []
    for i, (e, sub) in enumerate(zip(events, subs, strict=True)):
        others = [(o, s) for j, (o, s) in enumerate(zip(events, subs, strict=True))
                  if j != i and o.sentence.start == e.sentence.start]  # fmt: skip
        final = adjust(sub, e, others)
        out.append(AcledCoding(ACLED_TYPE_OF[final], final, "rules") if final else None)
    return out


# --- the learned classifier's seam ------------------------------------------------------


class Guess(Protocol):
    @property
    def sub_event_type(self) -> str: ...

    @property
    def probability(self) -> float: ...


class AcledModel(Protocol):
    @property
    def version(self) -> str: ...

    def predict(self, texts: list[str]) -> Sequence[Guess]: ...


def load_model() -> AcledModel | None:
    """`repwatch.nlp.classifier.load_classifier()`, or None when that module or its
    trained model is absent: the rules then decide alone."""
    try:
        module = importlib.import_module("repwatch.nlp.classifier")
    except ImportError:
        return None
    loader = getattr(module, "load_classifier", None)
    return loader() if loader is not None else None


def threshold() -> float:
    """The ``acled_model_threshold`` setting (a value above 1 turns the model off)."""
    value = float(settings.get("acled_model_threshold"))
    if value < 0:
        raise SettingError(f"acled_model_threshold must not be negative, got {value}")
    return value


def decide(rules: AcledCoding | None, guess: Guess | None, minimum: float) -> AcledCoding | None:
    """The policy: the model's guess when the rules found an ACLED event, the guess
    names a known sub-event type and its probability is at least `minimum`."""
    if rules is None or guess is None or guess.probability < minimum:
        return rules
    event_type = ACLED_TYPE_OF.get(guess.sub_event_type)
    if event_type is None:
        return rules
    return AcledCoding(event_type, guess.sub_event_type, "model")


def fallback(
    codings: list[AcledCoding | None], found: list[Guess | None], paragraphs: list[str],
    eligible: list[bool], minimum: float = FALLBACK_MINIMUM,
) -> list[AcledCoding | None]:  # fmt: skip
    """Policy step 3: in each paragraph with no ACLED coding, the model's guess, if its
    probability is at least `minimum`, codes the paragraph's first eligible event."""
    out = list(codings)
    coded = {p for p, c in zip(paragraphs, codings, strict=True) if c is not None}
    for i, (paragraph, guess) in enumerate(zip(paragraphs, found, strict=True)):
        if paragraph in coded or not eligible[i] or guess is None:
            continue
        coded.add(paragraph)  # the paragraph's first eligible event decides, once
        event_type = ACLED_TYPE_OF.get(guess.sub_event_type)
        if guess.probability >= minimum and event_type is not None:
            out[i] = AcledCoding(event_type, guess.sub_event_type, "model")
    return out


def found_by_model(coding: AcledCoding | None, event: EventSpan, guess: Guess | None,
                   eligible: bool) -> AcledCoding | None:  # fmt: skip
    """An event the classifier found (`repwatch.nlp.model_events`) takes its guess,
    whatever the rules and the bars say: the guess is why the event exists."""
    if event.basis != "model" or guess is None or not eligible:
        return coding
    event_type = ACLED_TYPE_OF.get(guess.sub_event_type)
    return coding if event_type is None else AcledCoding(
        event_type, guess.sub_event_type, "model")  # fmt: skip


def paragraph_text(text: str, start: int, end: int) -> str:
    """The line (paragraph) holding characters [start, end)."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    return text[first : last if last != -1 else len(text)].strip()


def paragraphs_of(doc: Doc, events: list[EventSpan]) -> list[str]:
    """Each event's paragraph (its sentence when the paragraph is empty)."""
    whole = text_of(doc)  # built once per Doc, not once per event
    return [
        paragraph_text(whole, e.trigger.start_char, e.trigger.end_char) or e.sentence.text
        for e in events
    ]


def guesses(model: AcledModel | None, doc: Doc, events: list[EventSpan],
            wanted: list[bool], texts: list[str] | None = None) -> list[Guess | None]:  # fmt: skip
    """One batch per Doc: the model's guess for each wanted event's paragraph."""
    if model is None or not any(wanted):
        return [None] * len(events)
    texts = texts if texts is not None else paragraphs_of(doc, events)
    unique = sorted({t for t, w in zip(texts, wanted, strict=True) if w})
    by_text = dict(zip(unique, model.predict(unique), strict=True))
    return [by_text.get(t) if w else None for t, w in zip(texts, wanted, strict=True)]


# --- the component ---------------------------------------------------------------------


@Language.factory(
    "repwatch_taxonomy",
    requires=["doc._.events", "doc._.claims", "doc._.anchors"],
    assigns=["doc._.taxonomy"],
)
def make_taxonomy(nlp: Language, name: str) -> TaxonomyComponent:
    return TaxonomyComponent(load_model())


class TaxonomyComponent:
    def __init__(self, model: AcledModel | None = None,
                 rules: Sequence[AcledRule] | None = None) -> None:  # fmt: skip
        self.model = model
        self.rules = tuple(rules) if rules is not None else load_rules_cached()
        if not Doc.has_extension("taxonomy"):
            Doc.set_extension("taxonomy", default=None)

    @property
    def model_version(self) -> str | None:
        return self.model.version if self.model is not None else None

    def predict(self, doc: Doc) -> list[Taxonomy]:
        events: list[EventSpan] = list(doc._.events or [])
        claims = list(doc._.claims or []) if Doc.has_extension("claims") else []
        anchors = list(doc._.anchors or []) if Doc.has_extension("anchors") else []
        certainties = [c.certainty for c in claims] if claims else [None] * len(events)
        anchors = anchors or [None] * len(events)
        by_rules = acled_by_rules(events, certainties, self.rules)
        eligible = [not e.negated and c != "hypothetical"
                    for e, c in zip(events, certainties, strict=True)]  # fmt: skip
        minimum = threshold() if self.model is not None else 0.0
        codings = by_rules
        if self.model is not None and minimum <= 1:
            texts = paragraphs_of(doc, events)
            # the model reads every paragraph that holds an eligible event, once
            found = guesses(self.model, doc, events, eligible, texts)
            codings = [decide(r, g, minimum) for r, g in zip(by_rules, found, strict=True)]
            codings = fallback(codings, found, texts, eligible, FALLBACK_MINIMUM)
            codings = [found_by_model(c, e, g, ok) for c, e, g, ok
                       in zip(codings, events, found, eligible, strict=True)]  # fmt: skip
        places = list(doc._.places or []) if Doc.has_extension("places") else []
        actors = list(doc._.actors or [])
        return [
            Taxonomy(r, code_tnr(doc, e, a, places, actors))
            for e, a, r in zip(events, anchors, codings, strict=True)
        ]

    def set_annotations(self, doc: Doc, taxonomy: list[Taxonomy]) -> None:
        doc._.taxonomy = taxonomy

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.predict(doc))
        return doc
