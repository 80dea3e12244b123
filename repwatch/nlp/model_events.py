"""Stage: events the trigger lexicon missed, found by the ACLED classifier.

Contract: requires ``doc._.events``; adds to ``doc._.events`` (kept in text order) an
`EventSpan` with ``basis="model"`` for each paragraph that holds no event at all and
that the ACLED sub-event classifier (`repwatch.nlp.classifier`) is all but sure
(probability at least the ``acled_model_events`` setting, 0.9) reports an ACLED
event.  Runs only when the classifier is loaded and neither that setting nor
``acled_model_threshold`` is above 1.

* **Trigger:** the paragraph's first sentence whose root is a verb gives that verb
  ("monitors *recorded* 14 shots near the line"); with no such sentence, the first
  verb of the paragraph; with no verb at all, the first sentence's root.  A negated
  trigger ("did not report") makes no event.
* **Type and mode:** the classifier's sub-event type, through
  ``resources/taxonomy/acled_to_plover.tsv`` (Arrests: COERCE, arrest).  Sub-event
  types with no PLOVER counterpart (Other, Headquarters or base established, Change
  to group/activity) make no event.
* **Not in the markets or sports pages:** a protest guessed for a paragraph with
  their words (`senses.off_topic`: "Wall Street staged a late rally") makes no event.
* **Participants:** none.  The classifier says what kind of event a paragraph
  reports, not who did it to whom; a reviewer reads the sentence.

The taxonomy stage later codes such an event with the classifier's own guess
(``AcledCoding.basis == "model"``).  The bar was chosen by 2-fold cross-validation
inside our dev halves (`tools/cv_policy.py`; docs/models.md, "Who decides").
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from repwatch import settings
from repwatch.errors import ResourceError, SettingError
from repwatch.model import ACLED_TYPE_OF, PLOVER_TYPES
from repwatch.nlp import framing, senses
from repwatch.nlp.doctext import sentence_bounds, sentence_of, text_of, words_of
from repwatch.nlp.events import EventSpan
from repwatch.nlp.taxonomy import AcledModel, load_model, paragraph_text, threshold

TABLE = Path(str(resources.files("repwatch") / "resources" / "taxonomy" / "acled_to_plover.tsv"))


@dataclass(frozen=True)
class PloverOf:
    type: str
    mode: str | None


def load_table(path: Path = TABLE) -> dict[str, PloverOf | None]:
    """ACLED sub-event type -> the PLOVER type and mode of an event the model finds
    (None: PLOVER has no counterpart).  Every ACLED sub-event type must have a row."""
    out: dict[str, PloverOf | None] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != 4:
            raise ResourceError(f"{path.name}: line {n}: expected 4 columns")
        sub, type_, mode, _why = cells
        if sub not in ACLED_TYPE_OF or (type_ != "-" and type_ not in PLOVER_TYPES):
            raise ResourceError(f"{path.name}: line {n}: unknown sub-event or PLOVER type")
        out[sub] = None if type_ == "-" else PloverOf(type_, None if mode == "-" else mode)
    missing = set(ACLED_TYPE_OF) - set(out)
    if missing:
        raise ResourceError(f"{path.name}: no row for {', '.join(sorted(missing))}")
    return out


@lru_cache(maxsize=1)
def load_table_cached() -> dict[str, PloverOf | None]:
    return load_table()


def event_minimum() -> float:
    """The ``acled_model_events`` setting (a value above 1: no model events)."""
    value = float(settings.get("acled_model_events"))
    if value < 0:
        raise SettingError(f"acled_model_events must not be negative, got {value}")
    return value


@dataclass(frozen=True)
class Paragraph:
    first_char: int  # where its words start
    sentences: list[tuple[int, int]]  # (start, end) token indices


def paragraphs(doc: Doc) -> list[Paragraph]:
    """The Doc's sentences that hold words, grouped by paragraph (line), in order.  A
    line break may open or close a sentence, so a sentence's paragraph is the line of
    its first word.  Reads cached arrays, not Spans: this runs on every Doc."""
    whole, words = text_of(doc), words_of(doc)
    chars = doc.to_array(IDX).tolist()
    out: list[Paragraph] = []
    line = -1
    for start, end in sentence_bounds(doc):
        first = next((i for i in range(start, end) if not words[i].isspace()), None)
        if first is None:
            continue
        here = whole.rfind("\n", 0, chars[first]) + 1
        if here != line:
            out.append(Paragraph(chars[first], []))
            line = here
        out[-1].sentences.append((start, end))
    return out


def main_verb(doc: Doc, sentences: list[tuple[int, int]]) -> Token:
    """The trigger of a paragraph's model event (see the module's docstring)."""
    spans = [Span(doc, start, end) for start, end in sentences]
    for sent in spans:
        if sent.root.pos_ in ("VERB", "AUX"):
            return sent.root
    verbs = (t for sent in spans for t in sent if t.pos_ == "VERB")
    return next(verbs, spans[0].root)


def model_events(doc: Doc, events: list[EventSpan], model: AcledModel,
                 table: dict[str, PloverOf | None], minimum: float) -> list[EventSpan]:  # fmt: skip
    """`events` plus one model event per event-less paragraph whose guess has a
    probability of at least `minimum`."""
    found = paragraphs(doc)
    starts = [p.sentences[0][0] for p in found]
    taken = {bisect_right(starts, e.trigger.start) - 1 for e in events}
    empty = [p for k, p in enumerate(found) if k not in taken]
    if not empty:
        return events
    whole = text_of(doc)
    texts = [paragraph_text(whole, p.first_char, p.first_char) for p in empty]
    added = []
    for paragraph, text, guess in zip(empty, texts, model.predict(texts), strict=True):
        plover = table.get(guess.sub_event_type)
        if not text or guess.probability < minimum or plover is None:
            continue
        tok = main_verb(doc, paragraph.sentences)
        if framing.negated(tok):
            continue
        if plover.type == "PROTEST" and senses.off_topic(text):
            continue  # "Wall Street staged a late rally": markets or sport, not a protest
        sent = sentence_of(tok)
        added.append(EventSpan(doc[tok.i : tok.i + 1], sent, plover.type, plover.mode,
                               None, None, False, None, basis="model"))  # fmt: skip
    return sorted(events + added, key=lambda e: e.trigger.start) if added else events


@Language.factory(
    "repwatch_model_events",
    requires=["doc._.events"],
    assigns=["doc._.events"],
)
def make_model_events(nlp: Language, name: str) -> ModelEventsComponent:
    return ModelEventsComponent(load_model())


class ModelEventsComponent:
    def __init__(self, model: AcledModel | None,
                 table: dict[str, PloverOf | None] | None = None) -> None:  # fmt: skip
        self.model = model
        self.table = table if table is not None else load_table_cached()

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None or threshold() > 1:
            return doc
        minimum = event_minimum()
        if minimum <= 1:
            events = list(doc._.events or [])
            doc._.events = model_events(doc, events, self.model, self.table, minimum)
        return doc
