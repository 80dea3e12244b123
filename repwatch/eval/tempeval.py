"""Score the dates stage against TempEval-3 TIMEX3 gold (TimeBank, AQUAINT, platinum).

The gold file is JSON lines, one document each: ``doc_id``, ``split`` (the corpus part:
"TimeBank", "AQUAINT", "te3-platinum"), ``dct`` (the document creation time, passed to
the stage as the publication date), ``text`` and ``timex3``: a list of ``{type, value,
mod, text, start, end}`` with character offsets into ``text``.

Only gold of type DATE is scored.  A gold value is *calendar* when it names an interval
of days: ``1998-02-06`` (with or without a time of day), ``1998-02``, ``1998``,
``199`` (a decade), ``19`` (a century), ``1998-Q3``, ``1998-H1``, ``1998-SU`` (a
season, as `repwatch.nlp.datecalc.SEASONS`), ``1998-W07`` and ``1998-W07-WE``.  The
rest is *non-calendar*.  The stage always predicts a concrete range of days, so a
prediction (the one overlapping the gold span most) matches a gold value when:

* calendar: it names the same interval of days.  With a gold ``mod`` of START, MID or
  END ("early 1998" is ``1998`` + START), a range inside the gold interval also counts.
* ``PRESENT_REF`` ("now", "currently"): it is the day P (the DCT), or a range that
  contains P and ends at P.
* ``PAST_REF`` ("recently", "in the past"): a range, not a single day, that ends at or
  before P.
* ``FUTURE_REF`` ("the future", "soon"): a range, not a single day, that starts at or
  after P.
* a value with ``X`` (a field the annotator left unknown): it lies inside the interval
  of the value's known parts (`known_interval`): ``1998-10-XX`` -> October 1998,
  ``1989-QX`` -> 1989, ``199X`` -> the 1990s; ``XXXX-12`` ("December", no year) -> a
  December of any year.  A value with no known part (``XXXX-XX-XX``) never matches.
* anything else (durations written as ``P1M`` or ``P100Y``): never.

Figures, over gold DATE expressions:

* **value accuracy** (headline): the share of all gold DATEs whose best prediction
  matches, by the rules above.
* **calendar value accuracy**: the same over calendar gold only (the figure before
  non-calendar values were scored); **non-calendar value accuracy** over the rest.
* **detection recall**: the share of gold DATEs that some prediction overlaps;
  **detection precision**: the share of predictions that overlap a gold DATE.

``split`` picks the dev or test half by `repwatch.eval.splits.keep` on ``doc_id``;
``part`` restricts to one corpus part (``"te3-platinum"``, the official TE3 test set).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.language import Language

from repwatch import settings
from repwatch.errors import EvalError, ResourceError
from repwatch.eval.metrics import ratio
from repwatch.eval.splits import keep
from repwatch.nlp import datecalc as cal
from repwatch.nlp.dates import DateSpan, find_dates

SUBSET_MODS = frozenset({"START", "MID", "END"})


@dataclass(frozen=True)
class GoldTimex:
    type: str
    value: str
    mod: str | None
    start: int
    end: int


@dataclass(frozen=True)
class GoldDoc:
    id: str
    part: str
    dct: dt.date
    text: str
    timexes: tuple[GoldTimex, ...]


@dataclass
class TempevalReport:
    corpus: str
    split: str
    part: str | None = None
    documents: int = 0
    gold_dates: int = 0
    calendar: int = 0
    value_hits: int = 0
    calendar_hits: int = 0
    detected: int = 0
    predicted: int = 0
    predicted_matched: int = 0
    by_shape: dict[str, list[int]] = field(default_factory=dict)  # shape -> [hits, total]
    misses: list[dict[str, object]] = field(default_factory=list)

    @property
    def value_accuracy(self) -> float:
        return ratio(self.value_hits, self.gold_dates)

    @property
    def calendar_value_accuracy(self) -> float:
        return ratio(self.calendar_hits, self.calendar)

    @property
    def non_calendar_value_accuracy(self) -> float:
        other = self.gold_dates - self.calendar
        return ratio(self.value_hits - self.calendar_hits, other)

    @property
    def recall(self) -> float:
        return ratio(self.detected, self.gold_dates)

    @property
    def precision(self) -> float:
        return ratio(self.predicted_matched, self.predicted)

    def to_json(self) -> dict[str, object]:
        return {
            "value_accuracy": round(self.value_accuracy, 4),
            "calendar_value_accuracy": round(self.calendar_value_accuracy, 4),
            "non_calendar_value_accuracy": round(self.non_calendar_value_accuracy, 4),
            "corpus": self.corpus, "split": self.split, "part": self.part,
            "documents": self.documents, "gold_dates": self.gold_dates,
            "non_calendar": self.gold_dates - self.calendar,
            "detection_recall": round(self.recall, 4),
            "detection_precision": round(self.precision, 4),
            "by_shape": {k: {"hits": h, "n": n} for k, (h, n) in sorted(self.by_shape.items())},
        }  # fmt: skip


def gold_interval(value: str) -> cal.Interval | None:
    """The days a TIMEX3 DATE value names, or None for a non-calendar value."""
    v = _date_part(value)
    try:
        if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", v):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := re.fullmatch(r"(\d{4})-(\d\d)", v):
            return cal.month(int(m[1]), int(m[2]))
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", v):
            return cal.quarter(int(m[1]), int(m[2]))
        if m := re.fullmatch(r"(\d{4})-H([12])", v):
            return cal.half(int(m[1]), int(m[2]))
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v):
            return cal.season(int(m[1]), m[2])
        if m := re.fullmatch(r"(\d{4})-W(\d\d?)(-WE)?", v):
            monday, sunday = cal.iso_week(int(m[1]), int(m[2]))
            return (monday + dt.timedelta(days=5), sunday) if m[3] else (monday, sunday)
        if re.fullmatch(r"\d{4}", v):
            return cal.year(int(v))
        if re.fullmatch(r"\d{3}", v):
            return cal.decade(int(v) * 10)
        if re.fullmatch(r"\d\d", v):
            return cal.century(int(v) * 100)
    except ValueError:
        return None
    return None


def shape(value: str) -> str:
    """A value's form, for the per-shape breakdown: ``9999-Q9``, ``PRESENT_REF``."""
    return re.sub(r"\d", "9", _date_part(value))


def _date_part(value: str) -> str:
    """``1998-02-06`` of ``1998-02-06TEV``; other values unchanged."""
    return re.sub(r"^(\d{4}-\d\d-\d\d)T.*$", r"\1", value)


def _timex(raw: dict[str, object], text: str) -> GoldTimex:
    start, end = raw["start"], raw["end"]
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end:
        raise ValueError(f"bad offsets {start!r}, {end!r}")
    if end > len(text) or ("text" in raw and text[start:end] != raw["text"]):
        raise ValueError(f"offsets {start}-{end} do not match the text")
    mod = raw.get("mod")
    return GoldTimex(str(raw["type"]), str(raw["value"]), str(mod) if mod else None, start, end)


def read_gold(path: Path, split: str = "all", part: str | None = None) -> list[GoldDoc]:
    if not path.is_file():
        raise EvalError(f"{path}: gold file not found")
    docs = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                text = r["text"]
                if not isinstance(text, str):
                    raise TypeError("text is not a string")
                doc = GoldDoc(str(r["doc_id"]), str(r.get("split", "")),
                              dt.date.fromisoformat(str(r["dct"])[:10]), text,
                              tuple(_timex(t, text) for t in r["timex3"]))  # fmt: skip
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise EvalError(f"{path}:{n}: not a TempEval TIMEX3 record ({exc})") from None
            if keep(doc.id, split) and (part is None or doc.part == part):
                docs.append(doc)
    return docs


def default_nlp() -> Language:
    """spaCy's model with the dates stage."""
    name = str(settings.get("spacy_model"))
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ResourceError(f"spaCy model {name!r} is not installed") from None
    nlp.add_pipe("repwatch_dates")
    return nlp


def known_interval(value: str, pred_start: dt.date, pred_end: dt.date) -> cal.Interval | None:
    """The days the known parts of a value with ``X`` name, for a prediction's years.

    The value is cut before its first unknown field (``1998-10-XX`` -> ``1998-10``,
    ``1989-QX`` and ``1998-WXX`` -> ``1998``, ``199X`` -> the decade ``199``,
    ``19XX`` -> the century); an unknown year (``XXXX-12``, ``XXXX-WI``) is filled in
    with the year the prediction starts or, failing that, ends in.  None when no part
    is known (``XXXX-XX-XX``) or the value is not a date.
    """
    m = re.fullmatch(r"([\dX]{2,4})((?:-[^-]+)*)", _date_part(value))
    if m is None:
        return None
    year, rest = m[1], m[2]
    if "X" in year.lstrip("X"):  # 199X, 19XX: the known leading digits
        return gold_interval(year[: year.index("X")]) if not year.startswith("X") else None
    fields = []
    for part in rest.split("-")[1:]:
        if "X" in part:
            break
        fields.append(part)
    if year.isdigit():
        return gold_interval("-".join([year, *fields]))
    if len(year) != 4 or not fields:
        return None  # nothing but the unknown year is known
    for y in (pred_start.year, pred_end.year):
        interval = gold_interval("-".join([str(y), *fields]))
        if interval and interval[0] <= pred_start <= pred_end <= interval[1]:
            return interval
    return None


def _matches(pred: DateSpan, gold: GoldTimex, interval: cal.Interval | None, dct: dt.date) -> bool:
    start, end = pred.start, pred.end
    if interval is not None:
        if (start, end) == interval:
            return True
        return gold.mod in SUBSET_MODS and interval[0] <= start <= end <= interval[1]
    value = gold.value
    if value == "PRESENT_REF":
        return start <= end == dct
    if value == "PAST_REF":
        return start < end <= dct
    if value == "FUTURE_REF":
        return dct <= start < end
    if "X" in value:
        known = known_interval(value, start, end)
        return known is not None and known[0] <= start <= end <= known[1]
    return False


def _overlap(pred: DateSpan, gold: GoldTimex) -> int:
    return min(pred.span.end_char, gold.end) - max(pred.span.start_char, gold.start)


def _score(report: TempevalReport, doc: GoldDoc, preds: list[DateSpan]) -> None:
    golds = [g for g in doc.timexes if g.type == "DATE"]
    report.documents += 1
    report.predicted += len(preds)
    report.predicted_matched += sum(any(_overlap(p, g) > 0 for g in golds) for p in preds)
    for g in golds:
        interval = gold_interval(g.value)
        report.gold_dates += 1
        report.calendar += interval is not None
        overlapping = [p for p in preds if _overlap(p, g) > 0]
        report.detected += bool(overlapping)
        best = max(overlapping, key=lambda p: _overlap(p, g), default=None)
        hit = best is not None and _matches(best, g, interval, doc.dct)
        report.value_hits += hit
        report.calendar_hits += hit and interval is not None
        slot = report.by_shape.setdefault(shape(g.value), [0, 0])
        slot[0] += hit
        slot[1] += 1
        if not hit:
            report.misses.append(
                {"doc": doc.id, "dct": doc.dct.isoformat(), "gold": doc.text[g.start : g.end],
                 "value": g.value, "mod": g.mod,
                 "got": (best.span.text, best.value) if best else None}
            )  # fmt: skip


def evaluate(
    path: Path, split: str = "all", nlp: Language | None = None, part: str | None = None
) -> TempevalReport:
    """Score the dates stage on the TIMEX3 DATE gold in `path` (see the module doc)."""
    gold = read_gold(path, split, part)
    nlp = nlp or default_nlp()
    report = TempevalReport(corpus=str(path), split=split, part=part)

    def docs() -> list[spacy.tokens.Doc]:
        out = []
        for g in gold:
            doc = nlp.make_doc(g.text)
            doc._.published = g.dct
            out.append(doc)
        return out

    staged = "repwatch_dates" in nlp.pipe_names
    for g, doc in zip(gold, nlp.pipe(docs()), strict=True):
        preds = doc._.dates if staged else find_dates(doc)
        _score(report, g, list(preds or []))
    return report
