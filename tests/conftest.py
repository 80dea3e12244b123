from __future__ import annotations

import datetime as dt
import glob
import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from repwatch.model import (
    AcledCoding,
    Actor,
    Article,
    Claim,
    DateRef,
    Event,
    Extraction,
    Place,
    Quote,
    TextSpan,
)
from repwatch.nlp import pipeline
from repwatch.store import Store, open_store


@pytest.fixture(scope="session")
def nlp() -> Language:
    return pipeline.load(extra_dictionaries=())


@pytest.fixture(scope="session")
def extract_text(nlp: Language) -> Callable[[str], Extraction]:
    def run(text: str) -> Extraction:
        article = Article(id="t", text=text)
        return next(pipeline.extract([article], nlp))

    return run


# -- the store: a throwaway PostgreSQL cluster, and a `store` fixture over both backends --


def _postgres_bindir() -> Path | None:
    """The directory of PostgreSQL's initdb/pg_ctl, newest version first."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    for initdb in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True):
        return Path(initdb).parent
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL (without a database name) of a PostgreSQL cluster made for this test session.

    Skips when PostgreSQL is not installed, except under CI (CI=true), where it fails.
    As root, the cluster runs as the `postgres` user, which PostgreSQL requires.
    """
    bindir = _postgres_bindir()
    if bindir is None:
        message = "PostgreSQL is not installed (no initdb): PostgreSQL store tests need it"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " under CI; scripts/setup installs it")
        pytest.skip(message)
    base = Path(tempfile.mkdtemp(prefix="repwatch-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", _free_port()

    def run(*cmd: str) -> None:
        proc = subprocess.run([*as_user, *cmd], capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            pytest.fail(f"{' '.join(cmd[:2])} failed: {proc.stderr.strip() or proc.stdout}")

    run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
        "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip
    options = f"-k {base} -p {port} -h 127.0.0.1 -F -c max_connections=50"
    run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w", "-t", "60",
        "-o", options, "start")  # fmt: skip
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "-w", "stop"], capture_output=True, timeout=60)  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """URL of a new, empty database in the session's cluster."""
    import psycopg

    name = f"t{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} STRATEGY FILE_COPY")
    return f"{postgres_server}/{name}"


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty store, once per backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'repwatch.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An empty store, once per backend: the same tests run against SQLite and PostgreSQL."""
    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.close()


def _make_extraction(
    text: str,
    events: Sequence[dict[str, Any]] = (),
    *,
    url: str | None = None,
    title: str | None = None,
    source: str | None = None,
    published: dt.date | None = dt.date(2026, 3, 2),
    extractor: str = "repwatch-test+rules",
    quotes: int = 0,
) -> Extraction:
    """An Extraction built by hand (no NLP).  Each event spec may give: type, mode,
    source (code), target (code), country, place, date (a date or a (first, last) pair),
    certainty, trigger (a word of `text`)."""
    article = Article(id=hashlib.sha256(text.encode()).hexdigest(), text=text, title=title,
                      published=published, source=source, url=url)  # fmt: skip
    built: list[Event] = []
    for i, spec in enumerate(events):
        word = spec.get("trigger", text.split()[min(i, len(text.split()) - 1)])
        start = text.index(word)

        def actor(code: str | None, at: int) -> Actor | None:
            if code is None:
                return None
            return Actor(text[at : at + 5], at, at + 5, f"name of {code}", code, code[:3],
                         code[3:] or None)  # fmt: skip

        country = spec.get("country")
        place = None
        if country:
            place = Place(spec.get("place"), None, None, spec.get("place") or country, country,
                          None, 1.5, 2.5, None, "city", "sentence")  # fmt: skip
        when = spec.get("date")
        date = None
        if when is not None:
            first, last = when if isinstance(when, tuple) else (when, when)
            date = DateRef(None, None, None, first, last, "day", "published")
        built.append(Event(
            id=f"ev-{article.id[:8]}-{i}", type=spec.get("type", "COERCE"), mode=spec.get("mode"),
            source=actor(spec.get("source"), 0), target=actor(spec.get("target"), 0),
            trigger=TextSpan(word, start, start + len(word)), sentence=TextSpan(text, 0, len(text)),
            location=place, date=date,
            claim=Claim(spec.get("certainty", "asserted"), None, None),
            acled=AcledCoding("Strategic developments", "Arrests", "rules") if spec.get("acled")
            else None,
        ))  # fmt: skip
    made_quotes = [
        Quote(id=f"q-{article.id[:8]}-{i}", text=text[:10], start=0, end=10, direct=True,
              cue=None, speaker=None, event_ids=tuple(e.id for e in built[:1]))
        for i in range(quotes)
    ]  # fmt: skip
    return Extraction(article=article, events=built, quotes=made_quotes, extractor=extractor)


@pytest.fixture
def make_extraction() -> Callable[..., Extraction]:
    return _make_extraction
