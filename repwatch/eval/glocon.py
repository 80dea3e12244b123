"""Score protest detection against the public sample of GLOCON Gold (South African
news from Sabinet, hand-labelled for protest; gold read from ../shared at evaluation
time, never copied here).

Two tasks, as the corpus labels them:

* **documents** (``document_Sabinet_R.jsonl``): is this article protest news?  Ours
  says yes when the pipeline extracts a protest from it;
* **sentences** (``sentence_Sabinet.jsonl``): does this sentence report a protest
  event?  Each sentence is coded alone, as a tiny article.

"A protest" is an event that is not negated and whose PLOVER type is PROTEST.  GLOCON's
"protest" is broader (riots, strikes and armed actions of contentious groups), so the
report also scores *protest or riot*: PROTEST, or an ACLED coding of event type
"Protests" or "Riots".  Label 2, which the sample does not document (it marks planned
or borderline protests), is left out and counted (`uncertain_skipped`).

Figures per task: precision, recall and F1 of the yes answers, with their counts.  The
precision is the figure that sits beside GDELT's 21% protest precision: news that is
mostly not about protest is where an automated coder's false protests show.
``--split dev|test`` keeps a record by a hash of its article's file name (``url``), so
that an article and its sentences fall in the same half.  None of the corpus is held
back from us (../shared/corpora/SPLIT.md), so ``test`` is only our own held-out half.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from repwatch.errors import EvalError
from repwatch.eval.gold import jsonl_records
from repwatch.eval.metrics import Counted, f1
from repwatch.eval.splits import keep
from repwatch.model import Article, Event
from repwatch.nlp import pipeline

DOCUMENTS = "document_Sabinet_R.jsonl"
SENTENCES = "sentence_Sabinet.jsonl"
UNCERTAIN = 2
#: ACLED event types that count as a protest in the broad reading
PROTEST_OR_RIOT = frozenset({"Protests", "Riots"})


@dataclass(frozen=True)
class Labelled:
    id: str
    text: str
    protest: bool


@dataclass
class Detection(Counted):
    """Yes/no answers against gold labels."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, gold: bool, predicted: bool) -> None:
        if predicted:
            self.tp += gold
            self.fp += not gold
        else:
            self.fn += gold
            self.tn += not gold

    def to_json(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4),
            "f1": round(f1(self.precision, self.recall), 4),
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
        }  # fmt: skip


@dataclass
class Task:
    """One of the two tasks: its records and both readings of "protest"."""

    records: int = 0
    uncertain_skipped: int = 0
    protest: Detection = field(default_factory=Detection)
    protest_or_riot: Detection = field(default_factory=Detection)

    def to_json(self) -> dict[str, Any]:
        return {
            "records": self.records, "uncertain_skipped": self.uncertain_skipped,
            "protest": self.protest.to_json(), "protest_or_riot": self.protest_or_riot.to_json(),
        }  # fmt: skip


@dataclass
class GloconReport:
    corpus: str
    split: str
    documents: Task = field(default_factory=Task)
    sentences: Task = field(default_factory=Task)
    misses: list[dict[str, Any]] = field(default_factory=list)  # terminal only

    def to_json(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus,
            "split": self.split,
            "documents": self.documents.to_json(),
            "sentences": self.sentences.to_json(),
        }


def read_records(path: Path, text_field: str, split: str = "all") -> tuple[list[Labelled], int]:
    """The labelled records of `split` in one GLOCON file, and how many of them had the
    undocumented label 2 and were left out."""
    out: list[Labelled] = []
    uncertain = 0
    for n, r in jsonl_records(path, "a GLOCON record"):
        try:
            rid, url, text, label = str(r["id"]), str(r["url"]), r[text_field], r["label"]
        except (KeyError, TypeError) as exc:
            raise EvalError(f"{path}:{n}: not a GLOCON record (missing {exc})") from None
        if not isinstance(text, str) or not text.strip():
            raise EvalError(f"{path}:{n}: GLOCON record {rid} has no text")
        if label not in (0, 1, UNCERTAIN) or isinstance(label, bool):
            raise EvalError(f"{path}:{n}: GLOCON record {rid} has label {label!r}, not 0, 1 or 2")
        if not keep(url, split):
            continue
        if label == UNCERTAIN:
            uncertain += 1
            continue
        out.append(Labelled(rid, text, label == 1))
    return out, uncertain


def protest(events: Iterable[Event], broad: bool = False) -> bool:
    """Whether the events include a protest that is not negated; `broad` also counts
    an ACLED coding of Protests or Riots."""
    return any(
        not e.negated
        and (e.type == "PROTEST" or (broad and e.acled is not None
                                     and e.acled.event_type in PROTEST_OR_RIOT))
        for e in events
    )  # fmt: skip


def _score(task: Task, records: list[Labelled], uncertain: int, nlp: Language | None,
           misses: list[dict[str, Any]], kind: str) -> None:  # fmt: skip
    task.records, task.uncertain_skipped = len(records), uncertain
    articles = (Article(id=r.id, text=r.text) for r in records)
    for record, result in zip(records, pipeline.extract(articles, nlp), strict=True):
        said = protest(result.events)
        task.protest.add(record.protest, said)
        task.protest_or_riot.add(record.protest, protest(result.events, broad=True))
        if said != record.protest:
            triggers = [e.trigger.text for e in result.events if e.type == "PROTEST"]
            misses.append({"task": kind, "id": record.id, "gold": record.protest,
                           "protest_triggers": triggers, "text": record.text[:300]})  # fmt: skip


def evaluate(path: Path, split: str = "all", nlp: Language | None = None) -> GloconReport:
    """Both tasks, from the corpus folder `path`."""
    if not path.is_dir():
        raise EvalError(f"{path}: not the GLOCON sample folder (expected {DOCUMENTS} in it)")
    report = GloconReport(corpus=str(path), split=split)
    docs, doc_uncertain = read_records(path / DOCUMENTS, "text", split)
    sents, sent_uncertain = read_records(path / SENTENCES, "sentence", split)
    _score(report.documents, docs, doc_uncertain, nlp, report.misses, "document")
    _score(report.sentences, sents, sent_uncertain, nlp, report.misses, "sentence")
    return report
