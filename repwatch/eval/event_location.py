"""Score event-to-location linking against Halterman's (2019) event_location gold.

Each gold record is one sentence, one event verb in it, and the place names in the
sentence where that event happened (none when the sentence does not say).  repwatch
codes the sentence; the event whose trigger overlaps the verb is the one scored, and
its location's words (`Event.location` with character offsets) are the answer; failing
that, an event whose trigger is one of the verb's dependents (the event noun of a light
verb: "launched an offensive"); failing that, the event a verb was joined to when the
verb is a trigger of that event's type ("killed two and wounded five" is one event).  A
verb that repwatch codes no event on answers "no place".

Metrics:

* ``verbs_coded``: share of records with an event on the gold verb;
* ``token_precision`` / ``token_recall`` / ``token_f1``: over all records, the words
  of repwatch's answer against the words of the gold place names (the paper's own
  measure, by token);
* ``place_accuracy``: over records whose gold names a place, the share whose answer
  overlaps one of the gold place names;
* ``no_place_accuracy``: over records whose gold names no place and whose verb has an
  event, the share where repwatch names no place in the sentence either (a location
  with no offsets, e.g. a country taken from the actors, is no place in the sentence);
* ``by_basis``: the share of answers that overlap a gold name, per location basis
  (docs/architecture.md, anchoring);
* the same token figures on the ``RELABEL`` records alone, which the corpus's README
  calls its gold standard (the rest are single-annotator labels).

Records are split by a hash of their id (`repwatch.eval.splits`); the corpus reuses an
id for the verbs of one sentence, so a sentence never straddles the split.  Each
distinct sentence is coded once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from repwatch.errors import EvalError
from repwatch.eval.gold import jsonl_records
from repwatch.eval.metrics import f1, ratio
from repwatch.eval.splits import keep
from repwatch.model import Article, Event, Place
from repwatch.nlp import pipeline
from repwatch.nlp.lexicon import load_cached as load_lexicon

GOLD_SOURCE = "RELABEL"  # the corpus README's gold-standard records

Range = tuple[int, int]


@dataclass(frozen=True)
class GoldRecord:
    id: str
    text: str
    verb: Range
    places: tuple[Range, ...]
    gold_standard: bool  # a RELABEL record


@dataclass
class TokenCounts:
    """Words of the answer (`predicted`), of the gold names (`gold`), and of both."""

    predicted: int = 0
    gold: int = 0
    both: int = 0

    def add(self, predicted: set[int], gold: set[int]) -> None:
        self.predicted += len(predicted)
        self.gold += len(gold)
        self.both += len(predicted & gold)

    def to_json(self) -> dict[str, float]:
        p, r = ratio(self.both, self.predicted), ratio(self.both, self.gold)
        return {"token_precision": round(p, 4), "token_recall": round(r, 4),
                "token_f1": round(f1(p, r), 4)}  # fmt: skip


@dataclass
class EventLocationReport:
    corpus: str
    split: str
    records: int = 0
    skipped: int = 0  # a gold span that does not fit the sentence
    coded: int = 0
    tokens: TokenCounts = field(default_factory=TokenCounts)
    gold_standard_records: int = 0
    gold_standard_tokens: TokenCounts = field(default_factory=TokenCounts)
    with_place: int = 0
    place_hits: int = 0
    without_place_coded: int = 0
    no_place_hits: int = 0
    by_basis: dict[str, list[int]] = field(default_factory=dict)  # basis -> [overlap, answers]
    misses: list[dict[str, object]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "corpus": self.corpus, "split": self.split, "records": self.records,
            "skipped_records": self.skipped,
            "verbs_coded": round(ratio(self.coded, self.records), 4),
            **self.tokens.to_json(),
            "place_accuracy": round(ratio(self.place_hits, self.with_place), 4),
            "place_n": self.with_place,
            "no_place_accuracy": round(ratio(self.no_place_hits, self.without_place_coded), 4),
            "no_place_n": self.without_place_coded,
            "by_basis": {b: round(h / n, 4) for b, (h, n) in sorted(self.by_basis.items())},
            "by_basis_n": {b: n for b, (_, n) in sorted(self.by_basis.items())},
            "gold_standard_records": self.gold_standard_records,
            "gold_standard": self.gold_standard_tokens.to_json(),
        }  # fmt: skip


def _range(span: dict[str, object], text: str) -> Range | None:
    start, end = span["start"], span["end"]
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return start, end
    return None  # an empty or stray span: two records of 10,182 have one


def read_gold(path: Path, split: str = "all") -> tuple[list[GoldRecord], int]:
    """The records of `split` that name exactly one verb (four of 10,182 name none or
    two), and how many of `split`'s records were skipped for a span that does not fit
    its sentence."""
    out, skipped = [], 0
    for n, r in jsonl_records(path, "an event_location record"):
        try:
            text, spans, record_id = r["text"], r["spans"], str(r["_id"])
            ranges = [(s["label"], _range(s, text)) for s in spans]
        except (KeyError, TypeError) as exc:
            raise EvalError(f"{path}:{n}: not an event_location record ({exc!r})") from None
        if not keep(record_id, split):
            continue
        if any(rng is None for _, rng in ranges):
            skipped += 1
            continue
        verbs = [rng for label, rng in ranges if label == "VERB" and rng]
        places = tuple(rng for label, rng in ranges if label == "LOCATION" and rng)
        if len(verbs) == 1:
            gold_standard = r.get("source") == GOLD_SOURCE
            out.append(GoldRecord(record_id, text, verbs[0], places, gold_standard))
    return out, skipped


#: how a verb hangs on another whose event it joins: "killed two and wounded five",
#: "attacked the town, killing 60"
FOLDED = frozenset({"conj", "advcl"})


def _on_verb(doc: Doc, events: list[Event], verb: Range) -> Event | None:
    """The event on the gold verb: its trigger overlaps the verb, or else it is one of
    the verb's own dependents, as the event noun of a light verb is ("launched an
    offensive", "clashes occurred", "fighting continued"); or else the verb is a trigger
    of the same type joined to another's event, which the events stage codes as one
    ("killed two and wounded five", `framing.suppressed`)."""
    on = next((e for e in events if e.trigger.start < verb[1] and verb[0] < e.trigger.end),
              None)  # fmt: skip
    if on is not None:
        return on
    verbs = {t.i for t in doc if verb[0] <= t.idx < verb[1]}
    roots: dict[int, Event] = {}
    for e in events:
        span = doc.char_span(e.trigger.start, e.trigger.end, alignment_mode="expand")
        if span is None:
            continue
        if span.root.head.i in verbs and span.root.head.i != span.root.i:
            return e
        roots.setdefault(span.root.i, e)
    lexicon = load_lexicon()
    for i in verbs:  # "killed 51 people and wounded 56": the events stage codes one event
        tok = doc[i]
        head = roots.get(tok.head.i) if tok.dep_ in FOLDED else None
        kinds = {t.type for t in lexicon.candidates(tok.lemma_.lower())} if head else set()
        if head is not None and head.type in kinds:
            return head
    return None


def _answer(loc: Place | None) -> tuple[Range, ...]:
    """The stretch of the sentence that names the event's place, if one does."""
    if loc is None or loc.start is None or loc.end is None:
        return ()
    return ((loc.start, loc.end),)


def _words(starts: list[int], ranges: tuple[Range, ...]) -> set[int]:
    """The indices of the words (by their first character) that lie inside `ranges`."""
    return {i for i, s in enumerate(starts) if any(a <= s < b for a, b in ranges)}


def evaluate(path: Path, split: str = "all", nlp: Language | None = None) -> EventLocationReport:
    gold, skipped = read_gold(path, split)
    nlp = nlp or pipeline.load()
    report = EventLocationReport(corpus=str(path), split=split, skipped=skipped)
    texts = list(dict.fromkeys(g.text for g in gold))
    articles = (Article(id=f"s{i}", text=t) for i, t in enumerate(texts))
    coded = {t: (doc, r.events, [tok.idx for tok in doc]) for t, (doc, r) in
             zip(texts, pipeline.extract_with_docs(articles, nlp), strict=True)}  # fmt: skip
    for g in gold:  # a sentence's words are indexed once, whatever its number of verbs
        doc, events, starts = coded[g.text]
        event = _on_verb(doc, events, g.verb)
        loc = event.location if event else None
        answer = _answer(loc)
        hit = any(a < e and s < b for a, b in answer for s, e in g.places)
        report.records += 1
        report.coded += event is not None
        got, want = _words(starts, answer), _words(starts, g.places)
        report.tokens.add(got, want)
        if g.gold_standard:
            report.gold_standard_records += 1
            report.gold_standard_tokens.add(got, want)
        if g.places:
            report.with_place += 1
            report.place_hits += hit
        elif event is not None:
            report.without_place_coded += 1
            report.no_place_hits += not answer
        if answer and loc:
            slot = report.by_basis.setdefault(loc.basis or "none", [0, 0])
            slot[0] += hit
            slot[1] += 1
        if (g.places and not hit) or (not g.places and answer):
            report.misses.append({
                "id": g.id, "verb": g.text[g.verb[0]:g.verb[1]], "coded": event is not None,
                "gold": [g.text[s:e] for s, e in g.places],
                "got": [g.text[s:e] for s, e in answer], "basis": loc.basis if loc else None,
                "text": g.text,
            })  # fmt: skip
    return report
