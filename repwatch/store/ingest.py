"""Inputs -> NLP -> store, skipping what is already stored.

    summary = ingest(["news/", "https://news.example/feed.xml"], open_store())

Each input is read (`repwatch.ingest.feeds.read_sources`: files, directories, JSONL,
stdin, feeds and URLs); an article whose text is already stored with a coding by the
current extractor is counted as unchanged *before* the NLP runs, so a rerun costs
reading and hashing only.  The others are coded in batches and saved one
transaction each, so an interrupted run loses at most the articles not yet saved and
the next run picks up where it stopped.  A bad input is recorded with
`Store.record_failure` and the run goes on.

When something new was stored, the incidents near the new reports' dates (and near
the dates of the codings they replace) are recomputed (`store.incidents`); pass
``incidents=False`` to skip that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from itertools import chain
from typing import TYPE_CHECKING, BinaryIO

from repwatch.errors import InputError
from repwatch.ingest.feeds import read_sources
from repwatch.model import Article, Extraction
from repwatch.store.base import SaveResult, Store
from repwatch.store.hashing import text_hash

if TYPE_CHECKING:
    from spacy.language import Language

    from repwatch.store.incidents import IncidentSummary, Window

#: Called once per input: (status, message); status is a `SaveStatus` or "failed",
#: message the article's source, or the failure's one-line message.
Progress = Callable[[str, str], None]


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
    for extraction in pipeline.extract(chain([first], pending), nlp):
        result = store.save(extraction)
        summary.read += 1
        counter = {"version": "versions"}.get(result.status, result.status)
        setattr(summary, counter, getattr(summary, counter) + 1)
        tell(result.status, extraction.article.source or extraction.article.id)
        if incidents and result.status != "unchanged":
            windows += _dates(store, extraction, result)
    if windows:
        from repwatch.store.incidents import update_incidents

        summary.incidents = update_incidents(store, windows=windows)
    return summary
