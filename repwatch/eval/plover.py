"""Score event coding against PLOVER-style gold (the OEDA PLOVER GSR).

Metrics, per sentence (one gold event per record):

* type recall: share of sentences whose gold type (mapped to PLOVER 2021) is among
  the types of the events repwatch extracts;
* events per sentence: how many events repwatch extracts, on average;
* source / target country agreement: over the sentences whose gold source (target)
  names a country, the share where repwatch's event, the one of the gold type if
  there is one or else the first, has a source (target) in one of the gold countries.
  A sentence with no extracted event counts as disagreement.

* type confusion: gold type -> the extracted type that matched it, or else the first
  extracted type (``"None"`` when nothing was extracted); ``worst`` lists the most
  frequent errors with up to 3 sentence ids each.

PLOVER 0.5 labels map to 2021 as DISAPPROVE, INVESTIGATE -> ACCUSE; FIGHT -> ASSAULT;
DEMAND -> REQUEST.  CAMEO country codes that differ from ISO-3 are mapped (JAP -> JPN).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from repwatch.errors import EvalError
from repwatch.eval.confusion import Confusion
from repwatch.eval.gold import jsonl_records
from repwatch.eval.metrics import ratio
from repwatch.eval.splits import keep
from repwatch.model import PLOVER_TYPES, Article, Event
from repwatch.nlp import pipeline

TYPE_MAP = {"DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT",
            "DEMAND": "REQUEST"}  # fmt: skip
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS",
                "SER": "SRB", "GER": "DEU", "DEN": "DNK", "SPN": "ESP"}  # fmt: skip
NOT_COUNTRIES = frozenset({"IGO", "NGO", "ISM", "IMG", "MNC", "UIS", "REB", "UNO", "EUR",
                           "AFR", "ASA", "MEA", "WST", "CVL", "---", "***"})  # fmt: skip


@dataclass(frozen=True)
class GoldRecord:
    id: str
    text: str
    type: str
    source_countries: frozenset[str]
    target_countries: frozenset[str]


@dataclass
class PloverReport:
    corpus: str
    split: str
    sentences: int = 0
    type_hits: int = 0
    events: int = 0
    source_gold: int = 0
    source_agree: int = 0
    target_gold: int = 0
    target_agree: int = 0
    per_type: dict[str, list[int]] = field(default_factory=dict)  # type -> [hits, total]
    confusion: Confusion = field(default_factory=Confusion)
    misses: list[dict[str, object]] = field(default_factory=list)

    @property
    def type_recall(self) -> float:
        return ratio(self.type_hits, self.sentences)

    @property
    def events_per_sentence(self) -> float:
        return ratio(self.events, self.sentences)

    @property
    def source_country_agreement(self) -> float:
        return ratio(self.source_agree, self.source_gold)

    @property
    def target_country_agreement(self) -> float:
        return ratio(self.target_agree, self.target_gold)

    def to_json(self) -> dict[str, object]:
        return {
            "corpus": self.corpus, "split": self.split, "sentences": self.sentences,
            "type_recall": round(self.type_recall, 4),
            "events_per_sentence": round(self.events_per_sentence, 4),
            "source_country_agreement": round(self.source_country_agreement, 4),
            "source_country_n": self.source_gold,
            "target_country_agreement": round(self.target_country_agreement, 4),
            "target_country_n": self.target_gold,
            "per_type_recall": {k: round(h / n, 4) for k, (h, n) in sorted(self.per_type.items())},
            "per_type_n": {k: n for k, (_, n) in sorted(self.per_type.items())},
            "confusion": self.confusion.to_json(),
            "worst": [pair.to_json() for pair in self.confusion.worst()],
        }  # fmt: skip


def _countries(codes: Iterable[str]) -> frozenset[str]:
    out = set()
    for code in codes:
        code = (code or "").strip().upper()[:3]
        code = CAMEO_TO_ISO.get(code, code)
        if len(code) == 3 and code.isalpha() and code not in NOT_COUNTRIES:
            out.add(code)
    return frozenset(out)


def read_gold(path: Path, split: str = "all") -> list[GoldRecord]:
    records = []
    for n, r in jsonl_records(path, "a PLOVER GSR record"):
        try:
            event = TYPE_MAP.get(r["event"], r["event"])
            rec = GoldRecord(r["id"], r["text"], event, _countries(r.get("source_code", [])),
                             _countries(r.get("target_code", [])))  # fmt: skip
        except (ValueError, KeyError, TypeError) as exc:
            raise EvalError(f"{path}:{n}: not a PLOVER GSR record ({exc})") from None
        if rec.type not in PLOVER_TYPES:
            raise EvalError(f"{path}:{n}: unknown event type {r['event']!r}")
        if keep(rec.id, split):
            records.append(rec)
    return records


def _pick(events: list[Event], gold_type: str) -> Event | None:
    same = [e for e in events if e.type == gold_type]
    return same[0] if same else (events[0] if events else None)


def evaluate(path: Path, split: str = "all", nlp: Language | None = None) -> PloverReport:
    gold = read_gold(path, split)
    report = PloverReport(corpus=str(path), split=split)
    articles = (Article(id=g.id, text=g.text) for g in gold)
    for g, result in zip(gold, pipeline.extract(articles, nlp), strict=True):
        events = result.events
        types = [e.type for e in events]
        report.sentences += 1
        report.events += len(events)
        hit = g.type in types
        report.type_hits += hit
        slot = report.per_type.setdefault(g.type, [0, 0])
        slot[0] += hit
        slot[1] += 1
        report.confusion.add(g.type, g.type if hit else (types[0] if types else None), g.id)
        best = _pick(events, g.type)
        if g.source_countries:
            report.source_gold += 1
            report.source_agree += bool(
                best and best.source and best.source.country in g.source_countries
            )
        if g.target_countries:
            report.target_gold += 1
            report.target_agree += bool(
                best and best.target and best.target.country in g.target_countries
            )
        source_ok = bool(best and best.source and best.source.country in g.source_countries)
        if not hit or (g.source_countries and not source_ok):
            got_source = best.source.code if best and best.source else None
            report.misses.append(
                {"id": g.id, "gold": g.type, "got": types,
                 "gold_source": sorted(g.source_countries), "got_source": got_source}
            )  # fmt: skip
    return report
