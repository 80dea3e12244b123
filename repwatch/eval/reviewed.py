"""Score event coding against people's reviews (`repwatch export --reviewed` gold).

Each gold line carries the whole article it was reviewed in; every article is coded
again once (with its publication date), and the events at each reviewed trigger
(same character span) are compared with the gold:

* accepted or corrected: a true positive when an event of the gold type is at the
  trigger, else a false negative; an event of another type there is a false positive;
* rejected: an event of the rejected type at the trigger is a false positive (the
  reviewer said there is no such event); none is a correct rejection.

Reported: precision, recall and F1 of events; per-field agreement (mode, actor codes,
location, dates, certainty) over the true positives; and ``exact``, the share of gold
lines where the extractor agrees with the reviewer on everything (a rejection counts
when nothing of that type is at the trigger).  Events the reviewers never looked at
are not scored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from repwatch.errors import EvalError
from repwatch.eval.gold import jsonl_records
from repwatch.eval.metrics import Counted, f1, ratio
from repwatch.eval.splits import keep
from repwatch.model import PLOVER_TYPES, Article, Event
from repwatch.store.base import REVIEW_ACTIONS, Correction

#: The fields compared on a true positive (the type decides the match itself).
SCORED = ("mode", "source_code", "target_code", "location_country", "location_name",
          "date_start", "date_end", "certainty")  # fmt: skip


@dataclass(frozen=True)
class GoldEvent:
    id: str
    action: str
    trigger: tuple[int, int]
    machine_type: str
    gold: dict[str, Any] | None  # Correction.to_json() of the gold; None: rejected
    article: Article


@dataclass
class ReviewedReport(Counted):
    corpus: str
    split: str
    records: int = 0
    actions: dict[str, int] = field(default_factory=dict)
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0
    field_hits: dict[str, int] = field(default_factory=dict)
    misses: list[dict[str, object]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        p, r = self.precision, self.recall
        return {
            "corpus": self.corpus, "split": self.split, "records": self.records,
            "actions": dict(sorted(self.actions.items())),
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1(p, r), 4),
            "exact": round(ratio(self.exact, self.records), 4),
            "field_agreement": {k: round(ratio(self.field_hits.get(k, 0), self.tp), 4)
                                for k in SCORED},
        }  # fmt: skip


def _article(d: Any) -> Article:
    published = dt.date.fromisoformat(d["published"]) if d.get("published") else None
    return Article(id=str(d["id"]), text=d["text"], title=d.get("title"), published=published,
                   url=d.get("url"))  # fmt: skip


def read_gold(path: Path, split: str = "all") -> list[GoldEvent]:
    records = []
    for n, r in jsonl_records(path, "a reviewed-gold record"):
        try:
            start, end = r["trigger"]["span"]
            rec = GoldEvent(
                r["id"],
                r["action"],
                (int(start), int(end)),
                r["machine"]["type"],
                r["gold"],
                _article(r["article"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise EvalError(f"{path}:{n}: not a reviewed-gold record ({exc})") from None
        if rec.action not in REVIEW_ACTIONS or (rec.gold is None) != (rec.action == "reject"):
            raise EvalError(f"{path}:{n}: action {rec.action!r} does not fit its gold")
        if rec.gold is not None and rec.gold.get("type") not in PLOVER_TYPES:
            raise EvalError(f"{path}:{n}: unknown event type {rec.gold.get('type')!r}")
        if keep(rec.id, split):
            records.append(rec)
    return records


def _score(report: ReviewedReport, g: GoldEvent, found: list[Event]) -> None:
    types = [e.type for e in found]
    if g.gold is None:  # rejected: anything of that type here is a false positive
        wrong = types.count(g.machine_type)
        report.fp += wrong
        report.exact += not wrong
        if wrong:
            report.misses.append({"id": g.id, "action": g.action, "gold": None, "got": types})
        return
    match = next((e for e in found if e.type == g.gold["type"]), None)
    report.fp += sum(t != g.gold["type"] for t in types)
    if match is None:
        report.fn += 1
        report.misses.append({"id": g.id, "action": g.action, "gold": g.gold["type"],
                              "got": types})  # fmt: skip
        return
    report.tp += 1
    got = Correction.from_event(match).to_json()
    agree = [k for k in SCORED if got[k] == g.gold.get(k)]
    for k in agree:
        report.field_hits[k] = report.field_hits.get(k, 0) + 1
    if len(agree) == len(SCORED) and len(types) == 1:
        report.exact += 1
    else:
        differ = {k: [g.gold.get(k), got[k]] for k in SCORED if k not in agree}
        report.misses.append({"id": g.id, "action": g.action, "gold": g.gold["type"],
                              "got": types, "fields": differ})  # fmt: skip


def evaluate(path: Path, split: str = "all", nlp: Language | None = None) -> ReviewedReport:
    from repwatch.nlp import pipeline

    gold = read_gold(path, split)
    report = ReviewedReport(corpus=str(path), split=split)
    articles: dict[tuple[str, str, dt.date | None], Article] = {}
    for g in gold:
        articles.setdefault((g.article.id, g.article.text, g.article.published), g.article)
    coded = dict(zip(articles, pipeline.extract(articles.values(), nlp), strict=True))
    for g in gold:
        events = coded[(g.article.id, g.article.text, g.article.published)].events
        found = [e for e in events if (e.trigger.start, e.trigger.end) == g.trigger]
        report.records += 1
        report.actions[g.action] = report.actions.get(g.action, 0) + 1
        _score(report, g, found)
    return report
