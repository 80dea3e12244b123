"""How well `merge` merges: precision on ACLED notes, precision and recall on labelled pairs.

    python -m repwatch.incidents.evaluate [--acled FILE] [--rows N] [--pairs FILE]

**ACLED notes** (restricted data, read from ../shared at evaluation time only).  Every
row of the world file is its own article from its own made-up outlet, published on the
row's upload date; the note is the text.  All events of the first `ACLED_ROWS` rows
(the file runs newest first, so this is its densest stretch: many events a day in
each country) are merged together.  A merged pair of events is *wrong* only when their
rows differ in ACLED's date or location (location name and admin1) and their notes
differ; it is *right* otherwise.  Rows of the same day and place are one ACLED event as
far as its coding can tell (ACLED puts every unnamed village at one point), and rows
that repeat one note word for word are one text that no merge could tell apart (ACLED
splits a note's fatalities across the places it names).  Pair precision = right /
(right + wrong); the second figure leaves out the pairs that are right only because
their rows repeat one note.

**Labelled pairs** (`tests/data/incident_pairs.jsonl`, written by us): two short wire
reports each, labelled "same" (one incident, written differently by two outlets) or
"different" (a hard negative: same type, same country, same week, another incident).
Each pair is run alone through the real pipeline and merged.  A "same" pair is found
when one incident of its `type` holds events of both reports; a "different" pair is
wrongly merged when any incident holds events of both.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from repwatch.errors import EvalError
from repwatch.eval.metrics import ratio
from repwatch.incidents.merge import merge
from repwatch.model import Article, Extraction
from repwatch.nlp import pipeline
from repwatch.store.base import Incident, StoredEvent

ROOT = Path(__file__).resolve().parents[2]
ACLED_FILE = ROOT.parent / "shared/corpora/acled_notes/acled_world_2020-04-27_to_05-09.csv"
PAIRS_FILE = ROOT / "tests/data/incident_pairs.jsonl"
#: ACLED rows merged together (the first rows of the world file)
ACLED_ROWS = 1500


@dataclass(frozen=True)
class AcledRow:
    id: str
    note: str
    published: dt.date | None
    event_date: str
    place: tuple[str, str]  # (admin1, location)


@dataclass(frozen=True)
class AcledScore:
    rows: int
    events: int
    incidents: int
    right: int
    wrong: int
    examples: tuple[tuple[str, str], ...]  # wrongly merged row ids, for the terminal
    repeated: int = 0  # right pairs only because the rows repeat one note

    @property
    def precision(self) -> float:
        return ratio(self.right, self.right + self.wrong)

    @property
    def merged(self) -> int:
        return self.right + self.wrong

    @property
    def distinct_precision(self) -> float:
        """Precision over the pairs of rows whose notes differ."""
        return ratio(self.right - self.repeated, self.merged - self.repeated)


@dataclass(frozen=True)
class PairScore:
    same: int
    found: int  # "same" pairs merged
    different: int
    wrongly_merged: int  # "different" pairs merged
    missed: tuple[str, ...]
    false: tuple[str, ...]

    @property
    def recall(self) -> float:
        return ratio(self.found, self.same)

    @property
    def precision(self) -> float:
        return ratio(self.found, self.found + self.wrongly_merged)


def stored(extractions: Iterable[Extraction], urls: Sequence[str | None]) -> list[StoredEvent]:
    """The events of `extractions` as the store would hand them over (article i has id i)."""
    out = []
    for i, (x, url) in enumerate(zip(extractions, urls, strict=True)):
        for e in x.events:
            out.append(StoredEvent(e, i, x.extractor, x.article.title, url, x.article.published))
    return out


def read_acled(path: Path, rows: int) -> list[AcledRow]:
    if not path.is_file():
        raise EvalError(f"{path}: ACLED file not found")
    out: list[AcledRow] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            note = (row.get("notes") or "").strip()
            if not note:
                continue
            stamp = (row.get("timestamp") or "").strip()
            published = (
                dt.datetime.fromtimestamp(int(stamp), dt.UTC).date() if stamp.isdigit() else None
            )
            place = ((row.get("admin1") or "").strip(), (row.get("location") or "").strip())
            out.append(AcledRow(row["event_id_cnty"], note, published, row["event_date"], place))
            if len(out) >= rows:
                break
    return out


def score_acled(path: Path = ACLED_FILE, rows: int = ACLED_ROWS,
                nlp: Language | None = None) -> AcledScore:  # fmt: skip
    """Pair precision of `merge` over the first `rows` rows of an ACLED file."""
    gold = read_acled(path, rows)
    articles = [Article(id=f"acled-{i}", text=r.note, published=r.published)
                for i, r in enumerate(gold)]  # fmt: skip
    urls = [f"https://acled-row-{i}.invalid/" for i in range(len(gold))]
    reports = stored(pipeline.extract(articles, nlp), urls)
    row_of = {r.event.id: r.article_id for r in reports}
    incidents = merge(reports)
    right = wrong = repeated = 0
    examples: list[tuple[str, str]] = []
    for a, b in _merged_pairs(incidents):
        ra, rb = gold[row_of[a]], gold[row_of[b]]
        if (ra.event_date, ra.place) == (rb.event_date, rb.place):
            right += 1
        elif ra.note == rb.note:
            right += 1
            repeated += 1
        else:
            wrong += 1
            examples.append((ra.id, rb.id))
    return AcledScore(len(gold), len(reports), len(incidents), right, wrong, tuple(examples),
                      repeated)  # fmt: skip


def _merged_pairs(incidents: Iterable[Incident]) -> list[tuple[str, str]]:
    return [
        (a, b)
        for inc in incidents
        for n, a in enumerate(inc.event_ids)
        for b in inc.event_ids[n + 1 :]
    ]


def _article(record: dict[str, str], key: str) -> Article:
    published = dt.date.fromisoformat(record["published"]) if record.get("published") else None
    return Article(id=key, text=record["text"], published=published, url=record.get("url"))


def read_pairs(path: Path = PAIRS_FILE) -> list[dict[str, object]]:
    if not path.is_file():
        raise EvalError(f"{path}: labelled pairs not found")
    pairs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path}:{n}: not JSON ({exc.msg})") from None
        if record.get("label") not in ("same", "different") or "a" not in record:
            raise EvalError(f"{path}:{n}: needs label same|different, a, b and type")
        pairs.append(record)
    return pairs


def merged_across(pair: dict[str, object], nlp: Language | None = None) -> set[str]:
    """The types of the incidents that hold events of both reports of `pair`."""
    records = [pair["a"], pair["b"]]
    articles = [_article(r, f"{pair['id']}-{k}") for r, k in zip(records, "ab", strict=True)]  # type: ignore[arg-type]
    reports = stored(pipeline.extract(articles, nlp), [a.url for a in articles])
    side = {r.event.id: r.article_id for r in reports}
    return {inc.type for inc in merge(reports) if len({side[e] for e in inc.event_ids}) == 2}


def score_pairs(path: Path = PAIRS_FILE, nlp: Language | None = None) -> PairScore:
    same = found = different = wrongly = 0
    missed: list[str] = []
    false: list[str] = []
    for pair in read_pairs(path):
        types = merged_across(pair, nlp)
        if pair["label"] == "same":
            same += 1
            if pair["type"] in types:
                found += 1
            else:
                missed.append(str(pair["id"]))
        else:
            different += 1
            if types:
                wrongly += 1
                false.append(str(pair["id"]))
    return PairScore(same, found, different, wrongly, tuple(missed), tuple(false))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m repwatch.incidents.evaluate")
    parser.add_argument("--acled", type=Path, default=ACLED_FILE)
    parser.add_argument("--rows", type=int, default=ACLED_ROWS)
    parser.add_argument("--pairs", type=Path, default=PAIRS_FILE)
    args = parser.parse_args(argv)
    try:
        pairs = score_pairs(args.pairs)
        acled = score_acled(args.acled, args.rows)
    except EvalError as exc:
        print(f"repwatch: {exc}", file=sys.stderr)
        return 1
    print(f"{'measure':<40} {'value':>8}  {'of':>6}")
    print(f"{'labelled pairs: recall (same)':<40} {pairs.recall:>8.3f}  {pairs.same:>6}")
    print(f"{'labelled pairs: precision':<40} {pairs.precision:>8.3f}  "
          f"{pairs.found + pairs.wrongly_merged:>6}")  # fmt: skip
    print(f"{'labelled pairs: negatives merged':<40} {pairs.wrongly_merged:>8}  "
          f"{pairs.different:>6}")  # fmt: skip
    print(f"{'ACLED rows / events / incidents':<40} {acled.rows:>8}  "
          f"{acled.events}/{acled.incidents}")  # fmt: skip
    print(f"{'ACLED pair precision':<40} {acled.precision:>8.3f}  {acled.merged:>6}")
    print(f"{'ACLED pair precision, notes differ':<40} {acled.distinct_precision:>8.3f}  "
          f"{acled.merged - acled.repeated:>6}")  # fmt: skip
    if pairs.missed or pairs.false:
        print(f"missed same pairs: {', '.join(pairs.missed) or '-'}")
        print(f"merged different pairs: {', '.join(pairs.false) or '-'}")
    for a, b in acled.examples[:10]:
        print(f"ACLED wrongly merged: {a} {b}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
