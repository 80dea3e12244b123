"""Ingest throughput against bare extraction, on the same articles.

    python -m repwatch.bench.store_speed [--copies 10] [--repeat 3] [--postgres SERVER_URL]

Both sides run in one process on one loaded pipeline (warmed up first), over the
bundled samples repeated `--copies` times, each copy made a distinct text (a line
``Copy N.`` is appended) so that none is skipped as already stored:

* extract: `pipeline.extract` over the articles in memory;
* ingest: `store.ingest.ingest` of the same articles from a JSONL file into a fresh
  database: reading, hashing, the stored-text check, the NLP and one transaction
  per article.

Reports articles/second for each (best of `--repeat`) and the ratio ingest/extract
(1.0 = storing costs nothing).  SQLite by default; with ``--postgres
postgresql://USER@HOST:PORT`` also PostgreSQL, in a new database per repeat.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

from repwatch.errors import InputError
from repwatch.ingest import read_inputs
from repwatch.model import Article
from repwatch.nlp import pipeline
from repwatch.store import open_store
from repwatch.store.ingest import ingest

ROOT = Path(__file__).resolve().parents[2]


def articles(copies: int) -> list[Article]:
    base = [a for a in read_inputs([str(ROOT / "samples")]) if not isinstance(a, InputError)]
    return [
        Article(id=f"{a.id}-{n}", text=f"{a.text}\n\nCopy {n}.", title=a.title,
                published=a.published, url=f"https://bench.example/{i}/{n}")
        for n in range(copies) for i, a in enumerate(base)
    ]  # fmt: skip


def _new_postgres_db(server: str) -> str:
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{server}/{name}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", metavar="SERVER_URL", default=None)
    args = parser.parse_args(argv)
    items = articles(args.copies)
    nlp = pipeline.load()
    list(pipeline.extract(items[:8], nlp))  # warm up
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        with corpus.open("w", encoding="utf-8") as f:
            for a in items:
                day = a.published.isoformat() if a.published else None
                record = {"id": a.id, "text": a.text, "title": a.title, "url": a.url,
                          "published": day}  # fmt: skip
                f.write(json.dumps(record) + "\n")
        backends = {"sqlite": lambda n: str(Path(tmp) / f"ingest{n}.db")}
        if args.postgres:
            backends["postgres"] = lambda n: _new_postgres_db(args.postgres)
        warm = Path(tmp) / "warm.jsonl"  # first ingest pays one-off imports and lookups
        warm.write_text("".join(corpus.read_text(encoding="utf-8").splitlines(True)[:8]))
        ingest([str(warm)], open_store(str(Path(tmp) / "warm.db")), nlp=nlp)
        best: dict[str, float] = {}
        for n in range(args.repeat):
            start = time.perf_counter()
            done = sum(1 for _ in pipeline.extract(items, nlp))
            best["extract"] = max(best.get("extract", 0.0), done / (time.perf_counter() - start))
            for name, make_url in backends.items():
                store = open_store(make_url(n))
                try:
                    start = time.perf_counter()
                    summary = ingest([str(corpus)], store, nlp=nlp)
                    rate = summary.new / (time.perf_counter() - start)
                finally:
                    store.close()
                best[name] = max(best.get(name, 0.0), rate)
    report = {"articles": len(items), **{f"{k}_per_s": round(v, 1) for k, v in best.items()}}
    for name in backends:
        report[f"ratio_{name}"] = round(best[name] / best["extract"], 3)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
