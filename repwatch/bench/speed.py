"""Extraction speed and memory, as ratios against bare spaCy `nlp.pipe`.

    python -m repwatch.bench.speed [PATH ...] [--repeat 3] [--copies 20]

Both sides run the same spaCy model on the same article texts with the same batch
size, each in a fresh subprocess (so peak memory is measured separately).  The
repwatch side includes everything `repwatch extract` does after reading: the
repwatch stages and building the output records.  Reported: articles per second for
each, the speed ratio (repwatch / spaCy, higher is better, 1.0 = no overhead) and
the peak-RSS ratio.  Default texts: the bundled samples, each repeated `--copies`
times.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from repwatch.errors import InputError
from repwatch.ingest import read_inputs

ROOT = Path(__file__).resolve().parents[2]


def _texts(paths: list[str], copies: int) -> list[str]:
    texts = [a.text for a in read_inputs(paths) if not isinstance(a, InputError)]
    return texts * copies


def _worker(side: str, paths: list[str], copies: int, repeat: int) -> dict[str, float]:
    from repwatch import settings

    texts = _texts(paths, copies)
    batch = int(settings.get("batch_size"))
    if side == "spacy":
        import spacy

        nlp = spacy.load(str(settings.get("spacy_model")))

        def run() -> None:
            for _ in nlp.pipe(texts, batch_size=batch):
                pass
    else:
        from repwatch.model import Article
        from repwatch.nlp import pipeline

        nlp = pipeline.load()
        articles = [Article(id=str(i), text=t) for i, t in enumerate(texts)]

        def run() -> None:
            for _ in pipeline.extract(articles, nlp):
                pass

    run()  # warm-up: first-batch allocations, lazy loading
    best = min(_timed(run) for _ in range(repeat))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    words = sum(len(t.split()) for t in texts)
    return {"articles": len(texts), "words": words, "seconds": best,
            "articles_per_s": len(texts) / best, "peak_rss_mb": rss_mb}  # fmt: skip


def _timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def measure(paths: list[str], copies: int, repeat: int) -> dict[str, object]:
    out: dict[str, object] = {}
    for side in ("spacy", "repwatch"):
        cmd = [sys.executable, "-m", "repwatch.bench.speed", "--worker", side,
               "--copies", str(copies), "--repeat", str(repeat), *paths]  # fmt: skip
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
        out[side] = json.loads(proc.stdout)
    spacy_r, rw = out["spacy"], out["repwatch"]
    assert isinstance(spacy_r, dict) and isinstance(rw, dict)
    out["speed_ratio"] = round(rw["articles_per_s"] / spacy_r["articles_per_s"], 3)
    out["memory_ratio"] = round(rw["peak_rss_mb"] / spacy_r["peak_rss_mb"], 3)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m repwatch.bench.speed", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("paths", nargs="*", default=[str(ROOT / "samples")])
    p.add_argument("--copies", type=int, default=20)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--worker", choices=("spacy", "repwatch"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        print(json.dumps(_worker(args.worker, args.paths, args.copies, args.repeat)))
        return 0
    result = measure(args.paths, args.copies, args.repeat)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
