"""Query latency of the store on synthetic events, bypassing the NLP.

    python -m repwatch.bench.query_speed [--events 1000000] [--db URL ...] [--queries 200]

Loads `--events` synthetic events (10 per article, invented sentences over a fixed
vocabulary, 16 PLOVER types, 60 countries, dates over 2000-2026) into each database
with `repwatch.store.bulk` (executemany on SQLite, COPY on PostgreSQL), then times
`Store.events` for two kinds of query, each `--queries` times with random values:

* filtered: type + location country + a one-year date window, newest 50;
* full text: one or two words (`EventQuery.q`), newest 50.

Reports load time and p50/p95 latency (ms) per kind and database, as JSON.  The
default database is a fresh SQLite file in a temporary directory; a PostgreSQL URL
must name an empty database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from repwatch.model import (
    PLOVER_TYPES,
    Actor,
    Article,
    Claim,
    DateRef,
    Event,
    Extraction,
    Place,
    TextSpan,
)
from repwatch.store import EventQuery, Store, open_store
from repwatch.store.bulk import load

EVENTS_PER_ARTICLE = 10
COUNTRIES = [f"C{i:02d}" for i in range(60)]
FIRST_DAY = dt.date(2000, 1, 1)
DAYS = (dt.date(2026, 12, 31) - FIRST_DAY).days
#: 2,000 invented words; a sentence draws 12, so one word is in about 0.6% of events
VOCABULARY = [f"w{i:04d}x" for i in range(2000)]


def synthetic(events: int, seed: int = 1,
              countries: list[str] = COUNTRIES) -> Iterator[Extraction]:  # fmt: skip
    """`events` synthetic events, `EVENTS_PER_ARTICLE` per article, each located in one
    of `countries` (codes only: the bench's own, or valid three-letter ones for the
    web filters), with a random date and a sentence of `VOCABULARY` words."""
    rng = random.Random(seed)
    for a in range(0, events, EVENTS_PER_ARTICLE):
        text = f"Synthetic article {a}."
        article = Article(id=f"a{a}", text=text, title=f"Report {a}",
                          published=FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS)))  # fmt: skip
        made = []
        for i in range(min(EVENTS_PER_ARTICLE, events - a)):
            country = rng.choice(countries)
            day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
            sentence = " ".join(rng.choices(VOCABULARY, k=12))
            actor = Actor("police", 0, 6, "police", f"{country}COP", country, "COP")
            made.append(Event(
                id=f"ev-{a}-{i}", type=rng.choice(PLOVER_TYPES), mode=None, source=actor,
                target=None, trigger=TextSpan("x", 0, 1), sentence=TextSpan(sentence, 0, 1),
                location=Place(None, None, None, country, country, None, 1.0, 2.0, None,
                               "country", "actor"),
                date=DateRef(None, None, None, day, day, "day", "explicit"),
                claim=Claim("asserted", None, None),
            ))  # fmt: skip
        yield Extraction(article=article, events=made, extractor="repwatch-bench+synthetic")


def _p(values: list[float], q: float) -> float:
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1], 2)


def _time(store: Store, queries: list[EventQuery]) -> dict[str, float]:
    store.events(queries[0])  # warm the connection and caches once
    took = []
    for q in queries:
        start = time.perf_counter()
        store.events(q)
        took.append((time.perf_counter() - start) * 1000)
    return {"p50_ms": _p(took, 50), "p95_ms": _p(took, 95), "max_ms": round(max(took), 2)}


def run(url: str, events: int, n_queries: int, seed: int = 7) -> dict[str, object]:
    store = open_store(url)
    try:
        start = time.perf_counter()
        load(store, synthetic(events))  # type: ignore[arg-type]
        loaded = time.perf_counter() - start
        rng = random.Random(seed)
        filtered = []
        for _ in range(n_queries):
            since = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS - 365))
            until = since + dt.timedelta(days=365)
            kind, country = rng.choice(PLOVER_TYPES), rng.choice(COUNTRIES)
            filtered.append(EventQuery(type=kind, country=country, since=since, until=until))
        text = [EventQuery(q=" ".join(rng.sample(VOCABULARY, rng.choice((1, 2)))))
                for _ in range(n_queries)]  # fmt: skip
        return {
            "db": store.url, "events": store.stats().events, "load_s": round(loaded, 1),
            "filtered": _time(store, filtered), "full_text": _time(store, text),
        }  # fmt: skip
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--db",
        action="append",
        metavar="URL",
        help="an empty database (repeatable); default: a temporary SQLite file",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        urls = args.db or [str(Path(tmp) / "bench.db")]
        for url in urls:
            print(json.dumps(run(url, args.events, args.queries)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
