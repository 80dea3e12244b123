"""Inputs -> NLP -> store, skipping what is already stored.

    summary = ingest(["news/", "https://news.example/feed.xml"], open_store())

Each input is read (`repwatch.ingest.feeds.read_sources`: files, directories, JSONL,
stdin, feeds and URLs); an article whose text is already stored with a coding by the
current extractor is counted as unchanged *before* the NLP runs, so a rerun costs
reading and hashing only.  The others are coded in batches and saved one
transaction each, so an interrupted run loses at most the articles not yet saved and
the next run picks up where it stopped.  Where the store offers a second connection
(`SqlStore.writer`: PostgreSQL), the saves run in a writer thread on it, fed over a
small queue, so that waiting on the database overlaps with the NLP of the next
articles; the counts, progress and incident dates are still taken in this thread,
after each save has committed.  A bad input is recorded with
`Store.record_failure` and the run goes on.

When something new was stored, the incidents near the new reports' dates (and near
the dates of the codings they replace) are recomputed (`store.incidents`); pass
``incidents=False`` to skip that.
"""

from __future__ import annotations

import datetime as dt
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from itertools import chain
from typing import TYPE_CHECKING, BinaryIO

from repwatch.errors import InputError
from repwatch.ingest.feeds import read_sources
from repwatch.model import Article, Extraction
from repwatch.store.base import SaveResult, Store
from repwatch.store.hashing import text_hash
from repwatch.store.sql import SqlStore

if TYPE_CHECKING:
    from spacy.language import Language

    from repwatch.store.incidents import IncidentSummary, Window

#: Called once per input: (status, message); status is a `SaveStatus` or "failed",
#: message the article's source, or the failure's one-line message.
Progress = Callable[[str, str], None]

#: extractions coded but not yet saved, at most (the writer thread's queue)
QUEUE = 8


@dataclass
class IngestSummary:
    read: int = 0  # articles read (new + unchanged + versions + recoded)
    new: int = 0
    unchanged: int = 0
    versions: int = 0
    recoded: int = 0
    failed: int = 0
    #: the incident update after storing (None: nothing new, or skipped); not a count
    incidents: IncidentSummary | None = field(default=None, compare=False)

    def _counts(self) -> list[str]:
        return [f.name for f in fields(self) if f.name != "incidents"]

    def line(self) -> str:
        return ", ".join(f"{name} {getattr(self, name)}" for name in self._counts())

    def to_json(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self._counts()}


def _reason(exc: InputError) -> str:
    """The message without its leading ``source: ``."""
    message = str(exc)
    prefix = f"{exc.source}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def _dates(store: Store, extraction: Extraction, result: SaveResult) -> Iterator[Window]:
    """The days of a stored extraction's reports and, for a recoding, of the coding it
    replaced (whose reports may sit in incidents)."""
    events = list(extraction.events)
    if result.status == "recoded":
        stored = store.article(result.article_id)
        if stored is not None and len(stored.extractors) > 1:
            older = store.extraction(result.article_id, stored.extractors[-2])
            events += older.events if older is not None else []
    yield from ((e.date.first, e.date.last) for e in events if e.date is not None)


class _Writer:
    """Saves extractions in a thread of its own, on `store` (which it closes at the
    end); `results` gives back what was saved, in order.  An error in the thread is
    raised again by the next `put` or by `finish`."""

    def __init__(self, store: SqlStore) -> None:
        self.store = store
        self.todo: queue.Queue[Extraction | None] = queue.Queue(maxsize=QUEUE)
        self.done: queue.Queue[tuple[Extraction, SaveResult]] = queue.Queue()
        self.error: BaseException | None = None
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="repwatch-save", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            while (x := self.todo.get()) is not None and not self.stop.is_set():
                self.done.put((x, self.store.save(x)))
        except BaseException as exc:  # re-raised in the ingesting thread
            self.error = exc
        finally:
            self.store.close()

    def _check(self) -> None:
        if self.error is not None:
            raise self.error

    def put(self, x: Extraction | None) -> None:
        while True:
            self._check()
            if not self.thread.is_alive():  # ended without an error: only after None
                raise RuntimeError("the save thread has ended")
            try:
                self.todo.put(x, timeout=0.1)
                return
            except queue.Full:
                continue

    def results(self) -> Iterator[tuple[Extraction, SaveResult]]:
        while True:
            try:
                yield self.done.get_nowait()
            except queue.Empty:
                return

    def finish(self) -> None:
        """Save everything queued, then end the thread."""
        self.put(None)
        self.thread.join()
        self._check()

    def abort(self) -> None:
        """End the thread after the save in progress; what is still queued is dropped
        (the next ingest codes it again)."""
        self.stop.set()
        try:
            self.todo.put_nowait(None)  # wakes a thread waiting for work
        except queue.Full:
            pass  # it is not waiting
        self.thread.join()


def ingest(
    sources: Iterable[str],
    store: Store,
    *,
    published: dt.date | None = None,
    stdin: BinaryIO | None = None,
    nlp: Language | None = None,
    progress: Progress | None = None,
    incidents: bool = True,
) -> IngestSummary:
    """Read, code and store every input, then update the incidents near what was new
    (unless `incidents` is False); returns the counts (see `IngestSummary`)."""
    from repwatch.nlp import pipeline

    nlp = nlp or pipeline.load()
    summary = IngestSummary()
    extractor = pipeline.extractor_version(nlp)  # what a coding by `nlp` is recorded as
    seen: set[str] = set()  # hashes coded in this run, so a repeated text is coded once
    tell = progress or (lambda status, message: None)

    def to_code() -> Iterator[Article]:
        for item in read_sources(sources, published=published, stdin=stdin):
            if isinstance(item, InputError):
                store.record_failure(item.source, _reason(item))
                summary.failed += 1
                tell("failed", str(item))
                continue
            digest = text_hash(item.text)
            if digest in seen or store.coded(digest, extractor):
                summary.read += 1
                summary.unchanged += 1
                tell("unchanged", item.source or item.id)
                continue
            seen.add(digest)
            yield item

    pending = to_code()
    first = next(pending, None)  # the NLP runs only when there is something to code
    if first is None:
        return summary
    windows: list[Window] = []

    def saved(extraction: Extraction, result: SaveResult) -> None:
        summary.read += 1
        counter = {"version": "versions"}.get(result.status, result.status)
        setattr(summary, counter, getattr(summary, counter) + 1)
        tell(result.status, extraction.article.source or extraction.article.id)
        if incidents and result.status != "unchanged":
            windows.extend(_dates(store, extraction, result))

    extractions = pipeline.extract(chain([first], pending), nlp)
    second = store.writer() if isinstance(store, SqlStore) else None
    if second is None:
        for extraction in extractions:
            saved(extraction, store.save(extraction))
    else:
        writer = _Writer(second)
        try:
            for extraction in extractions:
                writer.put(extraction)
                for done in writer.results():
                    saved(*done)
            writer.finish()
        except BaseException:
            writer.abort()
            raise
        for done in writer.results():
            saved(*done)
    if windows:
        from repwatch.store.incidents import update_incidents

        summary.incidents = update_incidents(store, windows=windows)
    return summary
