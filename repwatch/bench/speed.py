"""Extraction speed and memory, as ratios against bare spaCy `nlp.pipe`.

    python -m repwatch.bench.speed [PATH ...] [--copies 20] [--repeat 3]

Both sides run the same spaCy model on the same article texts with the same batch
size.  The repwatch side includes everything `repwatch extract` does after reading:
the repwatch stages and building the output records.

* **Speed** is measured in one process that holds both pipelines and feeds them the
  same batches in turn, alternating which side goes first.  A slow spell of a shared
  machine then falls on both sides alike: on the 2-core development machine, bare
  spaCy's own speed varied by a third between runs minutes apart, which made ratios of
  separate runs useless.  The ratio is repwatch's articles per second over spaCy's,
  summed over `--repeat` passes (higher is better; 1.0 = no overhead), timed by the
  wall clock and by CPU time.
* **Memory** is each side's peak RSS, each in a fresh process (one pass).

Default texts: the bundled samples, each repeated `--copies` times.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from repwatch.errors import InputError
from repwatch.ingest import read_inputs

ROOT = Path(__file__).resolve().parents[2]
SIDES = ("spacy", "repwatch")


def bench_texts(paths: list[str], copies: int) -> list[str]:
    """The readable articles' texts under `paths`, the list repeated `copies` times."""
    texts = [a.text for a in read_inputs(paths) if not isinstance(a, InputError)]
    return texts * copies


def _runner(side: str) -> Callable[[list[str]], None]:
    """A function that codes a list of texts the way `side` does, its model loaded."""
    from repwatch import settings

    batch = int(settings.get("batch_size"))
    if side == "spacy":
        import spacy

        bare = spacy.load(str(settings.get("spacy_model")))

        def run_spacy(texts: list[str]) -> None:
            for _ in bare.pipe(texts, batch_size=batch):
                pass

        return run_spacy
    from repwatch.model import Article
    from repwatch.nlp import pipeline

    nlp = pipeline.load()

    def run_repwatch(texts: list[str]) -> None:
        articles = [Article(id=str(i), text=t) for i, t in enumerate(texts)]
        for _ in pipeline.extract(articles, nlp):
            pass

    return run_repwatch


def _timed(fn: Callable[[list[str]], None], texts: list[str]) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of this process, all its threads) of one call."""
    start, cpu = time.perf_counter(), time.process_time()
    fn(texts)
    return time.perf_counter() - start, time.process_time() - cpu


def paired(texts: list[str], repeat: int, batch: int) -> dict[str, dict[str, float]]:
    """Both sides in this process, batch by batch in turn (first side alternating);
    each side's seconds summed over `repeat` passes."""
    runs = {side: _runner(side) for side in SIDES}
    for side in SIDES:
        runs[side](texts[:batch])  # warm-up: lazy loading, first-batch allocations
    wall = dict.fromkeys(SIDES, 0.0)
    cpu = dict.fromkeys(SIDES, 0.0)
    turn = 0
    for _ in range(repeat):
        for at in range(0, len(texts), batch):
            chunk = texts[at : at + batch]
            order = SIDES if turn % 2 == 0 else SIDES[::-1]
            turn += 1
            for side in order:
                w, c = _timed(runs[side], chunk)
                wall[side] += w
                cpu[side] += c
    n = len(texts) * repeat
    return {side: {"articles": n, "seconds": wall[side], "cpu_seconds": cpu[side],
                   "articles_per_s": n / wall[side], "articles_per_cpu_s": n / cpu[side]}
            for side in SIDES}  # fmt: skip


def peak_rss_mb() -> float:
    """This process's peak RSS.  Linux's ``VmHWM`` starts afresh at exec; getrusage's
    ``ru_maxrss``, the fallback elsewhere, starts from the parent's peak at the fork."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        status = ""
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _memory_worker(side: str, texts: list[str]) -> dict[str, float]:
    """Peak RSS of one side coding `texts` once, in this (fresh) process."""
    _runner(side)(texts)
    return {"peak_rss_mb": peak_rss_mb()}


def measure(paths: list[str], copies: int, repeat: int) -> dict[str, object]:
    from repwatch import settings

    texts = bench_texts(paths, copies)
    # memory first, so that the workers are forked from a small process (`peak_rss_mb`)
    memory: dict[str, dict[str, float]] = {}
    for side in SIDES:
        cmd = [sys.executable, "-m", "repwatch.bench.speed", "--memory-worker", side,
               "--copies", str(copies), *paths]  # fmt: skip
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
        memory[side] = json.loads(proc.stdout)
    speed = paired(texts, repeat, int(settings.get("batch_size")))
    out: dict[str, object] = {"words": sum(len(t.split()) for t in texts)}
    for side in SIDES:
        out[side] = {**speed[side], **memory[side]}
    spacy_r, rw = speed["spacy"], speed["repwatch"]
    mem = {side: memory[side]["peak_rss_mb"] for side in SIDES}
    out["speed_ratio"] = round(rw["articles_per_s"] / spacy_r["articles_per_s"], 3)
    out["cpu_speed_ratio"] = round(rw["articles_per_cpu_s"] / spacy_r["articles_per_cpu_s"], 3)
    out["memory_ratio"] = round(mem["repwatch"] / mem["spacy"], 3)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m repwatch.bench.speed", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("paths", nargs="*", default=[str(ROOT / "samples")])
    p.add_argument("--copies", type=int, default=20)
    p.add_argument("--repeat", type=int, default=3, help="passes over the texts")
    p.add_argument("--memory-worker", choices=SIDES, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.memory_worker:
        print(json.dumps(_memory_worker(args.memory_worker, bench_texts(args.paths, args.copies))))
        return 0
    result = measure(args.paths, args.copies, args.repeat)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
