"""`repwatch ingest`: the wiring, and crash safety under kill -9 on both backends."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from spacy.language import Language

from repwatch.store import EventQuery, Store, open_store
from repwatch.store.ingest import ingest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 150
CITIES = ["Minsk", "Tehran", "Istanbul", "Berlin", "Vilnius", "Kigali", "Dushanbe", "Riyadh"]
ACTS = ["arrested {n} journalists", "detained {n} activists", "beat {n} protesters",
        "threatened {n} exiles", "deported {n} dissidents"]  # fmt: skip


def _corpus(path: Path) -> str:
    """ARTICLES short invented articles, each with its own URL and text."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(ARTICLES):
            city, act = CITIES[i % len(CITIES)], ACTS[i % len(ACTS)].format(n=2 + i % 7)
            text = (f"Police in {city} {act} on Monday, report {i}. "
                    f'"We will not stop," a lawyer for the group said.')  # fmt: skip
            record = {"id": f"r{i}", "url": f"https://news.example/{i}", "text": text,
                      "published": "2026-03-02"}  # fmt: skip
            f.write(json.dumps(record) + "\n")
    return str(path)


def _start(corpus: str, url: str, capture: bool = False) -> subprocess.Popen[bytes]:
    env = {**os.environ, "REPWATCH_BATCH_SIZE": "4", "REPWATCH_ACTOR_DICTIONARY": ""}
    out = subprocess.PIPE if capture else subprocess.DEVNULL
    return subprocess.Popen([sys.executable, "-m", "repwatch", "ingest", corpus, "--db", url],
                            stdout=out, stderr=out, env=env)  # fmt: skip


def _kill_after(proc: subprocess.Popen[bytes], store: Store, articles: int) -> bool:
    """kill -9 `proc` once the store holds `articles` articles; False if it ended first."""
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if store.stats().articles >= articles:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.02)  # polling the store, not waiting for a result
    proc.kill()
    proc.wait()
    return False


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> dict[str, int]:
    """Counts of an uninterrupted run (in-process, SQLite)."""
    base = tmp_path_factory.mktemp("reference")
    store = open_store(str(base / "ref.db"))
    try:
        summary = ingest([_corpus(base / "corpus.jsonl")], store, nlp=nlp)
        assert summary.new == ARTICLES
        return store.stats().to_json()
    finally:
        store.close()


def test_cli_ingest_survives_kill_9(tmp_path: Path, store_url: str,
                                    reference: dict[str, int]) -> None:  # fmt: skip
    corpus = _corpus(tmp_path / "corpus.jsonl")
    watcher = open_store(store_url)
    try:
        rng = random.Random(store_url.split(":")[0])
        kills = 0
        target = 0
        for _ in range(2):
            target = rng.randint(target + 5, target + ARTICLES // 3)
            kills += _kill_after(_start(corpus, store_url), watcher, target)
        assert kills >= 1, "every run ended before it could be killed"
        interrupted = watcher.stats().articles
        assert 0 < interrupted < ARTICLES
        proc = _start(corpus, store_url, capture=True)
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
        summary = err.decode().strip().splitlines()[-1]
        assert summary.startswith(f"read {ARTICLES}, new {ARTICLES - interrupted}, "
                                  f"unchanged {interrupted}, versions 0"), summary  # fmt: skip
        assert watcher.stats().to_json() == reference
        for article_id in {e.article_id for e in watcher.iter_events()}:
            stored = watcher.article(article_id)
            x = watcher.extraction(article_id)
            assert stored is not None and x is not None and len(stored.extractors) == 1
            assert watcher.count_events(EventQuery(article_id=article_id)) == len(x.events)
            assert len(watcher.quotes(article_id)) == len(x.quotes)
    finally:
        watcher.close()


def test_cli_ingest_reports_failures_and_summary(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait")
    db = str(tmp_path / "cli.db")
    sample = str(ROOT / "samples" / "08-briefs.jsonl")
    proc = subprocess.run([sys.executable, "-m", "repwatch", "ingest", sample, str(bad),
                           "--db", db], capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert f"repwatch: {bad}: not valid UTF-8 (invalid byte 0xe9 at offset 3)" in lines
    assert lines[-1].startswith("read ") and lines[-1].endswith("failed 1")
    assert "Traceback" not in proc.stderr and proc.stdout == ""
