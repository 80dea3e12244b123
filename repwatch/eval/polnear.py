"""Score the quotes stage against PolNeAR (Newell, Margolin & Ruths, LREC 2018).

The corpus folder holds ``articles.jsonl`` (``filename``, ``compartment``, ``text``),
``attributions.jsonl`` (one attribution per line: ``filename``, ``annotator``,
``source``/``cue``/``content`` as lists of ``{"spans": [[start, end], ...], "text"}``
with character offsets into the article text) and ``metadata.tsv`` (``compartment``,
``filename``, ``annotators``).  `metadata.tsv` decides which articles are in a
compartment; only ``dev`` (and ``train``) are for development, ``test`` is held back.

Articles annotated by several annotators are scored against one: the first in the
article's ``annotators`` column that has attributions.

Figures:

* **direct quotes**: gold attributions whose content starts with a quotation mark,
  against predicted `QuoteSpan`s with ``direct=True``.  A prediction and a gold quote
  *overlap* when they share at least half the characters of the shorter of the two
  (the gold side is the union of its content spans, so one gold split quote is
  matched by either predicted part).  Precision: share of predictions that overlap a
  gold direct quote; recall: share of gold direct quotes overlapped by a prediction.
* **speaker match**: over gold direct quotes that were found and have a source span,
  take the overlapping prediction with most shared characters.  Its speaker matches
  when (a) its ``speaker_span`` shares a character with a gold source span, or (b) its
  resolved ``speaker`` is the same actor (`speakers.same_actor`: same dictionary
  entry, or for unknown names the same last word) as an actor mention of
  ``doc._.actors`` that shares a character with a gold source span.
* **indirect recall**: share of gold attributions whose content does not start with a
  quotation mark that are overlapped by a predicted ``direct=False`` QuoteSpan.

The stage is timed by calling `find_quotes` on parsed Docs (the parse and the actor
stage run before, untimed); ``quotes_ms_per_1k_words`` reports that cost.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from repwatch.errors import EvalError
from repwatch.eval.metrics import f1, ratio
from repwatch.nlp import pipeline
from repwatch.nlp.quotes import QuoteSpan, find_quotes
from repwatch.nlp.speakers import same_actor

QUOTE_MARKS = ('"', "“", "”", "«", "„")
Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class GoldAttribution:
    filename: str
    id: str
    content: Spans
    source: Spans
    direct: bool


@dataclass(frozen=True)
class GoldArticle:
    filename: str
    text: str
    annotator: str | None
    attributions: tuple[GoldAttribution, ...]


@dataclass
class PolnearReport:
    corpus: str
    compartment: str
    articles: int = 0
    words: int = 0
    direct_gold: int = 0
    direct_found: int = 0  # gold direct quotes overlapped by a prediction
    direct_pred: int = 0
    direct_correct: int = 0  # predictions overlapping a gold direct quote
    speaker_n: int = 0
    speaker_match: int = 0
    indirect_gold: int = 0
    indirect_found: int = 0
    quotes_seconds: float = 0.0
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return ratio(self.direct_correct, self.direct_pred)

    @property
    def recall(self) -> float:
        return ratio(self.direct_found, self.direct_gold)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return f1(p, r)

    @property
    def speaker_accuracy(self) -> float:
        return ratio(self.speaker_match, self.speaker_n)

    @property
    def indirect_recall(self) -> float:
        return ratio(self.indirect_found, self.indirect_gold)

    @property
    def ms_per_1k_words(self) -> float:
        return 1e6 * ratio(self.quotes_seconds, self.words)

    def to_json(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus, "compartment": self.compartment,
            "articles": self.articles, "words": self.words,
            "direct_precision": round(self.precision, 4), "direct_recall": round(self.recall, 4),
            "direct_f1": round(self.f1, 4), "direct_gold": self.direct_gold,
            "direct_predicted": self.direct_pred,
            "speaker_match": round(self.speaker_accuracy, 4), "speaker_n": self.speaker_n,
            "indirect_recall": round(self.indirect_recall, 4), "indirect_gold": self.indirect_gold,
            "quotes_ms_per_1k_words": round(self.ms_per_1k_words, 2),
        }  # fmt: skip


# --- reading the corpus ------------------------------------------------------------


def _jsonl(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    if not path.is_file():
        raise EvalError(f"{path}: PolNeAR file not found")
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise EvalError(f"{path}:{n}: not JSON ({exc})") from None
            if not isinstance(record, dict):
                raise EvalError(f"{path}:{n}: not a JSON object")
            yield n, record


def _compartments(path: Path) -> dict[str, str]:
    if not path.is_file():
        raise EvalError(f"{path}: PolNeAR file not found")
    lines = path.read_text(encoding="utf-8").splitlines()
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    if not {"compartment", "filename"} <= set(reader.fieldnames or ()):
        raise EvalError(f"{path}: expected 'compartment' and 'filename' columns")
    out = {}
    for n, row in enumerate(reader, 2):
        if None in row or not row.get("filename") or not row.get("compartment"):
            raise EvalError(f"{path}:{n}: malformed metadata row")
        out[row["filename"]] = row["compartment"]
    return out


def _spans(path: Path, n: int, role: Any, size: int) -> Spans:
    if role is None:
        return ()
    try:
        pairs = tuple((int(s), int(e)) for part in role for s, e in part["spans"])
    except (TypeError, KeyError, ValueError) as exc:
        raise EvalError(f"{path}:{n}: malformed spans ({exc})") from None
    if any(not 0 <= s <= e <= size for s, e in pairs):
        raise EvalError(f"{path}:{n}: span outside the article text")
    return tuple(sorted(pairs))


def read_corpus(path_dir: Path, compartment: str = "dev") -> list[GoldArticle]:
    """The articles of one compartment with their (single-annotator) attributions."""
    wanted = {f for f, c in _compartments(path_dir / "metadata.tsv").items() if c == compartment}
    if not wanted:
        raise EvalError(f"{path_dir / 'metadata.tsv'}: no articles in compartment {compartment!r}")
    articles_path = path_dir / "articles.jsonl"
    texts: dict[str, tuple[str, list[str]]] = {}
    for n, r in _jsonl(articles_path):
        if not isinstance(r.get("filename"), str) or not isinstance(r.get("text"), str):
            raise EvalError(f"{articles_path}:{n}: an article needs 'filename' and 'text'")
        if r["filename"] in wanted:
            texts[r["filename"]] = (r["text"], str(r.get("annotators") or "").split("|"))
    missing = sorted(wanted - texts.keys())
    if missing:
        raise EvalError(
            f"{articles_path}: no text for {len(missing)} article(s), e.g. {missing[0]}"
        )
    attr_path = path_dir / "attributions.jsonl"
    found: dict[str, dict[str, list[GoldAttribution]]] = {}
    for n, r in _jsonl(attr_path):
        name = r.get("filename")
        if not isinstance(name, str) or "annotator" not in r:
            raise EvalError(f"{attr_path}:{n}: an attribution needs 'filename' and 'annotator'")
        if name not in texts:
            continue
        text = texts[name][0]
        content = _spans(attr_path, n, r.get("content"), len(text))
        source = _spans(attr_path, n, r.get("source"), len(text))
        direct = bool(content) and text[content[0][0] :].lstrip().startswith(QUOTE_MARKS)
        gold = GoldAttribution(name, str(r.get("attribution_id")), content, source, direct)
        found.setdefault(name, {}).setdefault(str(r["annotator"]), []).append(gold)
    out = []
    for name in sorted(texts):
        text, listed = texts[name]
        by = found.get(name, {})
        order = [a for a in listed if a in by] + sorted(by)
        annotator = order[0] if order else None
        out.append(GoldArticle(name, text, annotator, tuple(by.get(annotator or "", ()))))
    return out


# --- scoring -------------------------------------------------------------------------


def _shared(a: Spans, b: Spans) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def overlaps(pred: Spans, gold: Spans) -> bool:
    """At least half the characters of the shorter side are shared."""
    shorter = min(sum(e - s for s, e in pred), sum(e - s for s, e in gold))
    return shorter > 0 and 2 * _shared(pred, gold) >= shorter


def _chars(q: QuoteSpan) -> Spans:
    return ((q.start_char, q.end_char),)


def speaker_matches(doc: Doc, q: QuoteSpan, source: Spans) -> bool:
    """See the module docstring: (a) the words overlap, or (b) the same actor."""
    if q.speaker_span is not None:
        words = ((q.speaker_span.start_char, q.speaker_span.end_char),)
        if _shared(words, source):
            return True
    if q.speaker is None:
        return False
    speaker = q.speaker
    for actor in [*(doc._.actors or []), speaker]:
        where = ((actor.span.start_char, actor.span.end_char),)
        if _shared(where, source) and same_actor(actor, speaker):
            return True
    return False


def score(report: PolnearReport, doc: Doc, article: GoldArticle, quotes: list[QuoteSpan]) -> None:
    direct = [q for q in quotes if q.direct]
    gold_direct = [g for g in article.attributions if g.direct]
    report.direct_pred += len(direct)
    report.direct_correct += sum(
        any(overlaps(_chars(q), g.content) for g in gold_direct) for q in direct
    )
    for g in gold_direct:
        report.direct_gold += 1
        hits = [q for q in direct if overlaps(_chars(q), g.content)]
        if not hits:
            report.misses.append({"file": g.filename, "id": g.id, "kind": "direct quote"})
            continue
        report.direct_found += 1
        if not g.source:
            continue
        best = max(hits, key=lambda q: _shared(_chars(q), g.content))
        report.speaker_n += 1
        if speaker_matches(doc, best, g.source):
            report.speaker_match += 1
        else:
            got = best.speaker_span.text if best.speaker_span is not None else None
            report.misses.append({"file": g.filename, "id": g.id, "kind": "speaker", "got": got})
    reported = [q for q in quotes if not q.direct]
    for g in article.attributions:
        if g.direct or not g.content:
            continue
        report.indirect_gold += 1
        report.indirect_found += any(overlaps(_chars(q), g.content) for q in reported)


def evaluate(
    path_dir: Path, compartment: str = "dev", nlp: Language | None = None
) -> PolnearReport:
    """Score direct quotes, speakers and reported clauses on one PolNeAR compartment."""
    articles = read_corpus(path_dir, compartment)
    nlp = nlp or pipeline.load(extra_dictionaries=())
    report = PolnearReport(corpus=str(path_dir), compartment=compartment)
    skip = [name for name in ("repwatch_events", "repwatch_quotes") if name in nlp.pipe_names]
    with nlp.select_pipes(disable=skip):
        docs = nlp.pipe(a.text for a in articles)
        for article, doc in zip(articles, docs, strict=True):
            start = time.perf_counter()
            quotes = find_quotes(doc)
            report.quotes_seconds += time.perf_counter() - start
            report.articles += 1
            report.words += sum(1 for t in doc if not t.is_punct and not t.is_space)
            score(report, doc, article, quotes)
    return report
