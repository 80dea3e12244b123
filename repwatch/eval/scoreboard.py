"""The accuracy scoreboards in docs/accuracy.md: which figure, from which command.

`FIGURES` lists every figure the docs quote: its board (the issue whose table it sits
in), corpus, split, the report field (a dotted path into the report's JSON), the target
the issue sets and, on board 4, the published anchor beside it.  `python -m
repwatch.eval.scoreboard [--board 3|4]` runs the evaluations and prints the tables;
`tests/test_accuracy_docs.py` uses `problems()` to fail when docs/accuracy.md lacks a
board's table or a figure's row, or quotes a figure that the code no longer reproduces.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from repwatch.errors import EvalError

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"

#: corpus name -> (path below shared/corpora, `repwatch eval` corpus argument)
SOURCES = {
    "plover": ("plover_gsr/plover_gsr_flat.jsonl", "plover"),
    "tr_news": ("tr_news/TR-News.xml", "tr_news"),
    "geowebnews": ("geowebnews/GWN.xml", "geowebnews"),
    "lgl": ("lgl/lgl.xml", "lgl"),
    "tempeval": ("tempeval3", "tempeval"),
    "polnear": ("polnear", "polnear"),
    "acled": ("acled_notes", "acled"),
    "case2021": ("case2021_task2/test_set_final_release_with_labels.tsv", "case2021"),
    "event_location": ("event_location", "event_location"),
    "glocon": ("glocon_sample", "glocon"),
}

#: board -> the heading of its section in docs/accuracy.md (after "## ")
BOARDS = {
    "3": "Scoreboard (issue #3: places, dates, quotes, event location and date)",
    "4": "Scoreboard (issue #4: event types, against published anchors)",
}
HEADING = re.compile(r"^#+ Scoreboard \(issue #(\d+)\b")
ROW = re.compile(r"^\| (\w+) \| (\w+) \| ([^|]+?) \| ([0-9.]+) \|")

#: footnote key -> what the anchor is and where it was published (in our words)
ANCHOR_NOTES = {
    "case2021": "The best system in the CASE 2021 shared task 2 reached a weighted F1 of "
    "0.839 on the 25 ACLED sub-event classes of the task's test set (Haneczok et al., 2021, "
    "the task overview paper). That system was trained for the task; we score the part of "
    "the test set that is not held back from us.",
    "mordecai3": "Halterman (2023) reports that Mordecai 3, a neural geoparser and event "
    "geocoder, puts events in the right country 97 to 99 per cent of the time on its "
    "evaluation sets.",
    "gdelt": "Wang et al. (Science, 2016) checked a sample of GDELT's protest records by hand "
    "and found that about 21 per cent of them reported a real protest. That is a precision, "
    "so it sits beside our PROTEST precision, not beside a recall.",
    "tfidf": "Issue #4 reports that a TF-IDF and logistic-regression classifier trained on "
    "the visible data, measured from outside on held-back records, scores 0.89 ACLED "
    "sub-event accuracy, 0.69 weighted F1 on CASE 2021 and 0.34 PLOVER type accuracy on GSR "
    "sentences. Our own runs of such a baseline, trained on our dev halves only, are the "
    "rows marked TF-IDF baseline.",
    "halterman": 'Halterman (2019, "Geolocating Political Events in Text") trained a '
    "recurrent network on 8,000 of these labelled sentences and reports precision and recall "
    "above 0.83, measured by token, for the place words of a given event verb. Our figure "
    "is for the events repwatch codes itself; a verb it codes no event on counts as no "
    "answer.",
    "coders": "Automated event coders are usually reported to agree with trained human "
    "coders on about 70 to 80 per cent of events. This is the range issue #4 states, not "
    "the result of one study.",
}


@dataclass(frozen=True)
class Figure:
    corpus: str
    split: str
    field: str  # dotted path into the report's to_json()
    label: str
    target: str  # as the issue states it, or "—"
    anchor: str | None = None  # published figure and its footnote key, e.g. "0.839 [^x]"
    board: str = "3"  # key of BOARDS
    env: str = ""  # settings the command runs with, e.g. "REPWATCH_ACLED_ENCODER=minilm"


BOARD_3: tuple[Figure, ...] = (
    Figure("tr_news", "dev", "country_accuracy", "resolved-toponym country accuracy", "≥ 0.95"),
    Figure("tr_news", "test", "country_accuracy", "resolved-toponym country accuracy", "≥ 0.95"),
    Figure("tr_news", "dev", "acc_161km", "accuracy within 161 km", "≥ 0.80"),
    Figure("tr_news", "test", "acc_161km", "accuracy within 161 km", "≥ 0.80"),
    Figure("tr_news", "test", "overlap.f1", "toponym recognition F1 (overlap)", "—"),
    Figure("tr_news", "test", "median_km", "median error (km)", "—"),
    Figure("geowebnews", "dev", "country_accuracy", "resolved-toponym country accuracy", "≥ 0.95"),
    Figure("geowebnews", "test", "country_accuracy", "resolved-toponym country accuracy",
           "≥ 0.95"),
    Figure("geowebnews", "dev", "acc_161km", "accuracy within 161 km", "≥ 0.80"),
    Figure("geowebnews", "test", "acc_161km", "accuracy within 161 km", "≥ 0.80"),
    Figure("geowebnews", "test", "overlap.f1", "toponym recognition F1 (overlap)", "—"),
    Figure("lgl", "test", "country_accuracy", "resolved-toponym country accuracy", "≥ 0.95"),
    Figure("lgl", "test", "acc_161km", "accuracy within 161 km", "—"),
    Figure("lgl", "test", "overlap.f1", "toponym recognition F1 (overlap)", "—"),
    Figure("tempeval", "dev", "value_accuracy", "DATE value accuracy (all DATE)", "≥ 0.80"),
    Figure("tempeval", "test", "value_accuracy", "DATE value accuracy (all DATE)", "≥ 0.80"),
    Figure("tempeval", "test", "calendar_value_accuracy", "DATE value accuracy (calendar dates)",
           "—"),
    Figure("polnear", "dev", "speaker_match", "direct quotes: speaker match", "≥ 0.85"),
    Figure("polnear", "dev", "direct_f1", "direct quotes: detection F1", "—"),
    Figure("polnear", "dev", "indirect_recall", "reported speech: recall", "—"),
    Figure("acled", "dev", "location_country", "event location: country", "≥ 0.90"),
    Figure("acled", "test", "location_country", "event location: country", "≥ 0.90"),
    Figure("acled", "dev", "location_country_place_named",
           "event location: country (notes that name their place)", "—"),
    Figure("acled", "test", "location_country_place_named",
           "event location: country (notes that name their place)", "—"),
    Figure("acled", "dev", "location_name", "event location: name", "≥ 0.60"),
    Figure("acled", "test", "location_name", "event location: name", "≥ 0.60"),
    Figure("acled", "dev", "event_date", "event date (all notes)", "≥ 0.85"),
    Figure("acled", "test", "event_date", "event date (all notes)", "≥ 0.85"),
    Figure("acled", "dev", "event_date_year_stated", "event date (notes that state a year)",
           "≥ 0.85"),
    Figure("acled", "test", "event_date_year_stated", "event date (notes that state a year)",
           "≥ 0.85"),
)  # fmt: skip


def _b4(corpus: str, split: str, field: str, label: str, target: str,
        anchor: str = "—", env: str = "") -> Figure:  # fmt: skip
    return Figure(corpus, split, field, label, target, anchor, board="4", env=env)


ENCODER_ON = "REPWATCH_ACLED_ENCODER=minilm"  # the classifier's optional MiniLM head


BOARD_4: tuple[Figure, ...] = (
    *(_b4("plover", s, "type_recall", "PLOVER GSR type recall", "≥ 0.85", "0.70–0.80 [^coders]")
      for s in ("dev", "test")),
    *(_b4("plover", s, "events_per_sentence", "events per sentence", "≤ 1.5")
      for s in ("dev", "test")),
    *(_b4("plover", s, "source_country_agreement", "source country agreement", "≥ 0.80")
      for s in ("dev", "test")),
    *(_b4("plover", s, "target_country_agreement", "target country agreement", "≥ 0.80")
      for s in ("dev", "test")),
    _b4("baselines", "test", "tfidf.gsr.test", "PLOVER GSR type accuracy: TF-IDF baseline",
        "—", "0.34 [^tfidf]"),
    *(_b4("acled", s, "acled_sub_event_accuracy", "ACLED sub-event type accuracy", "≥ 0.92",
          "0.89 [^tfidf]") for s in ("dev", "test")),
    _b4("baselines", "test", "model.acled.test", "ACLED sub-event accuracy: classifier alone",
        "≥ 0.92", "0.89 [^tfidf]"),
    _b4("baselines", "test", "tfidf.acled.test", "ACLED sub-event accuracy: TF-IDF baseline",
        "—", "0.89 [^tfidf]"),
    _b4("baselines", "test", "keyword.acled.test", "ACLED sub-event accuracy: keyword baseline",
        "—"),
    *(_b4("acled", s, "plover_type_recall", "PLOVER type compatible with ACLED's", "≥ 0.90")
      for s in ("dev", "test")),
    *(_b4("acled", s, "protest_precision", "PROTEST precision (ACLED Protests or Riots)", "—",
          "0.21 [^gdelt]") for s in ("dev", "test")),
    *(_b4("glocon", s, "documents.protest.precision",
          "PROTEST precision on news articles (GLOCON protest news)", "—", "0.21 [^gdelt]")
      for s in ("dev", "test")),
    _b4("glocon", "test", "documents.protest.recall",
        "PROTEST recall on news articles (GLOCON protest news)", "—"),
    _b4("glocon", "test", "sentences.protest.precision",
        "PROTEST precision on news sentences (GLOCON)", "—", "0.21 [^gdelt]"),
    _b4("glocon", "test", "sentences.protest.recall",
        "PROTEST recall on news sentences (GLOCON)", "—"),
    *(_b4("acled", s, "location_country", "event location: country", "≥ 0.90",
          "0.97–0.99 [^mordecai3]") for s in ("dev", "test")),
    *(_b4("event_location", s, "token_f1", "event-to-location linking: token F1", "—",
          "0.83 [^halterman]") for s in ("dev", "test")),
    _b4("event_location", "test", "gold_standard.token_f1",
        "event-to-location linking: token F1 (RELABEL gold standard)", "—", "0.83 [^halterman]"),
    _b4("event_location", "test", "place_accuracy",
        "event location: the gold place named (sentences that name one)", "—"),
    _b4("event_location", "test", "no_place_accuracy",
        "event location: no place named when the gold names none", "—"),
    *(_b4("case2021", s, "weighted_f1", "sub-event type weighted F1 (25 ACLED classes)",
          "≥ 0.80", "0.839 [^case2021]") for s in ("test", "all")),
    _b4("baselines", "test", "model.case2021.test", "CASE 2021 weighted F1: classifier alone",
        "≥ 0.80", "0.69 [^tfidf]"),
    _b4("baselines", "test", "tfidf.case2021.test", "CASE 2021 weighted F1: TF-IDF baseline",
        "—", "0.69 [^tfidf]"),
    _b4("acled", "test", "acled_sub_event_accuracy",
        "ACLED sub-event type accuracy, MiniLM head on", "≥ 0.92", "0.89 [^tfidf]", ENCODER_ON),
    _b4("case2021", "test", "weighted_f1",
        "sub-event type weighted F1 (25 ACLED classes), MiniLM head on", "≥ 0.80",
        "0.839 [^case2021]", ENCODER_ON),
)  # fmt: skip

FIGURES: tuple[Figure, ...] = BOARD_3 + BOARD_4


def command(f: Figure) -> str:
    if f.corpus == "baselines":
        return "python -m repwatch.eval.baselines"
    path, name = SOURCES[f.corpus]
    prefix = f"{f.env} " if f.env else ""
    return f"{prefix}repwatch eval {name} ../shared/corpora/{path} --split {f.split}"


#: (corpus, split, env) -> report JSON, filled by `report()` and by `prefetch()`
_REPORTS: dict[tuple[str, str, str], dict[str, Any]] = {}


def report(corpus: str, split: str, env: str = "") -> dict[str, Any]:
    """The report JSON of one evaluation, run once per process."""
    k = (corpus, split, env)
    if k not in _REPORTS:
        _REPORTS[k] = _run(corpus, split, env)
    return _REPORTS[k]


def _run(corpus: str, split: str, env: str) -> dict[str, Any]:
    from repwatch.cli.eval import ADAPTERS

    if env:  # settings are read when the pipeline loads: run the command in its own process
        return _in_subprocess(corpus, split, env)
    if corpus == "baselines":  # one run scores every system on every task
        from repwatch.eval.baselines import evaluate_baselines

        return _baselines(evaluate_baselines(CORPORA).to_json())
    path, name = SOURCES[corpus]
    result: dict[str, Any] = ADAPTERS[name](CORPORA / path, split, None).to_json()
    return result


def _baselines(body: dict[str, Any]) -> dict[str, Any]:
    scores = body["scores"]
    return {s["system"]: {} for s in scores} | _nest(scores)


def _argv(corpus: str, split: str) -> list[str]:
    if corpus == "baselines":
        return [sys.executable, "-m", "repwatch.eval.baselines", str(CORPORA), "--json"]
    path, name = SOURCES[corpus]
    return [sys.executable, "-m", "repwatch", "eval", name, str(CORPORA / path),
            "--split", split, "--json"]  # fmt: skip


def _in_subprocess(corpus: str, split: str, env: str, threads: str = "") -> dict[str, Any]:
    settings = dict(pair.split("=", 1) for pair in env.split())
    if threads:  # one thread per process when several run side by side (see `prefetch`)
        unset = [k for k in THREAD_SETTINGS if k not in os.environ]
        settings = dict.fromkeys(unset, threads) | settings
    argv = _argv(corpus, split)
    started = time.perf_counter()
    proc = subprocess.run(
        argv, capture_output=True, text=True, env=os.environ | settings, check=False
    )
    SECONDS[(corpus, split, env)] = time.perf_counter() - started
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise EvalError(f"{env + ' ' if env else ''}{' '.join(argv[1:4])} failed: {last}")
    result: dict[str, Any] = json.loads(proc.stdout)
    return _baselines(result) if corpus == "baselines" else result


#: (corpus, split, env) -> wall-clock seconds of its subprocess, for `main`'s summary
SECONDS: dict[tuple[str, str, str], float] = {}

#: the thread pools of torch (the MiniLM head) and of numpy's BLAS.  Two processes on
#: two CPUs that each start a pool per CPU spend a third of their time waiting on each
#: other (measured: 111 s of CPU against 77 s for the same run with one thread).
THREAD_SETTINGS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def _cost(k: tuple[str, str, str]) -> float:
    """Rough minutes of one evaluation, so that `prefetch` starts the longest first:
    the MiniLM head triples an ACLED run, and `all` is both halves."""
    corpus, split, env = k
    return COST.get(corpus, 0.5) * (2 if split == "all" else 1) * (3 if env else 1)


#: minutes each corpus's evaluation took on one half, run two at a time on the 2-core
#: development machine (2026-12-02, `python -m repwatch.eval.scoreboard` on stderr)
COST = {"acled": 1.8, "lgl": 1.1, "polnear": 0.8, "geowebnews": 0.8, "tempeval": 0.5,
        "tr_news": 0.4, "case2021": 0.4, "baselines": 0.3, "plover": 0.3,
        "event_location": 0.7, "glocon": 0.8}  # fmt: skip


def prefetch(figures: Iterable[Figure] = FIGURES, jobs: int | None = None) -> None:
    """Run the evaluations behind `figures` side by side, each in its own process, with
    `jobs` at a time (default: the CPUs this process may use), longest first.  The
    reports are those `report()` computes one by one; this only takes less wall-clock
    time.  With more than one job, each process gets one thread (`THREAD_SETTINGS`)
    unless the environment already sets it."""
    todo = sorted({(f.corpus, f.split, f.env) for f in figures} - _REPORTS.keys(),
                  key=lambda k: (-_cost(k), k))  # fmt: skip
    jobs = max(1, jobs or len(os.sched_getaffinity(0)))
    threads = "1" if jobs > 1 else ""
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        bodies = pool.map(lambda k: _in_subprocess(k[0], k[1], k[2], threads), todo)
        for k, body in zip(todo, bodies, strict=True):
            _REPORTS[k] = body


def _nest(scores: list[dict[str, Any]]) -> dict[str, Any]:
    """Baseline scores as system -> task -> split -> value, for dotted field paths."""
    out: dict[str, Any] = {}
    for s in scores:
        out.setdefault(s["system"], {}).setdefault(s["task"], {})[s["split"]] = s["value"]
    return out


def value(f: Figure) -> float:
    node: Any = report(f.corpus, f.split, f.env)
    for part in f.field.split("."):
        node = node[part]
    return float(node)


def fmt(f: Figure, x: float) -> str:
    return f"{x:.1f}" if f.field.endswith("_km") else f"{x:.3f}"


def table(board: str = "3", value_of: Callable[[Figure], float] = value) -> str:
    """The markdown table of one board; board 4 has an anchor column and footnotes."""
    figures = [f for f in FIGURES if f.board == board]
    anchored = any(f.anchor is not None for f in figures)
    cols = [
        "corpus",
        "split",
        "figure",
        "repwatch",
        *(["anchor"] if anchored else []),
        "target",
        "command",
    ]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for f in figures:
        cells = [
            f.corpus,
            f.split,
            f.label,
            fmt(f, value_of(f)),
            *([f.anchor or "—"] if anchored else []),
            f.target,
            f"`{command(f)}`",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    keys = sorted({k for f in figures for k in re.findall(r"\[\^(\w+)\]", f.anchor or "")})
    if keys:
        lines.append("")
        lines.extend(f"[^{k}]: {ANCHOR_NOTES[k]}" for k in keys)
    return "\n".join(lines) + "\n"


def quoted(doc: str) -> dict[tuple[str, str, str, str], str]:
    """(board, corpus, split, label) -> the figure as the doc quotes it, for every row of
    every scoreboard section of `doc`."""
    rows: dict[tuple[str, str, str, str], str] = {}
    board: str | None = None
    for line in doc.splitlines():
        if line.startswith("#"):
            m = HEADING.match(line)
            board = m.group(1) if m else None
        elif board is not None and (m := ROW.match(line)):
            rows[(board, m.group(1), m.group(2), m.group(3))] = m.group(4)
    return rows


def key(f: Figure) -> tuple[str, str, str, str]:
    return (f.board, f.corpus, f.split, f.label)


def problems(
    doc: str, figures: Iterable[Figure] = FIGURES, value_of: Callable[[Figure], float] | None = None
) -> list[str]:
    """What is wrong with `doc`'s scoreboards: a board with no table, a figure with no
    row and, when `value_of` is given, a quoted figure that does not reproduce."""
    figures = list(figures)
    rows = quoted(doc)
    out = [
        f"board {b}: no table under a '## {BOARDS[b]}' heading"
        for b in sorted({f.board for f in figures})
        if not any(k[0] == b for k in rows)
    ]
    for f in figures:
        got = rows.get(key(f))
        if got is None:
            out.append(f"board {f.board}: no row for {f.corpus} {f.split} {f.label!r}")
        elif value_of is not None and (want := fmt(f, value_of(f))) != got:
            out.append(
                f"board {f.board}: {f.corpus} {f.split} {f.label!r} is {want}, docs say {got}"
            )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m repwatch.eval.scoreboard",
        description="print the docs/accuracy.md scoreboards",
    )
    parser.add_argument(
        "--board",
        choices=(*BOARDS, "all"),
        default="all",
        help="which issue's table (default: all, each under its heading)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="evaluations run side by side (default: one per CPU this process may use)",
    )
    args = parser.parse_args(argv)
    boards = list(BOARDS) if args.board == "all" else [args.board]
    try:
        prefetch([f for f in FIGURES if f.board in boards], args.jobs)
    except EvalError as exc:
        print(f"repwatch: {exc}", file=sys.stderr)
        return 1
    for (corpus, split, env), seconds in sorted(SECONDS.items(), key=lambda kv: -kv[1]):
        print(f"{seconds:7.1f} s  {env + ' ' if env else ''}{corpus} {split}", file=sys.stderr)
    for n, board in enumerate(boards):
        if args.board == "all":
            sys.stdout.write(f"{chr(10) if n else ''}## {BOARDS[board]}\n\n")
        sys.stdout.write(table(board))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
