"""Paths -> Articles: expand directories, pick a reader by extension, catch per input.

This is the edge of the ingest package: each reader raises an `InputError` for a bad
input, and `read_inputs` yields it in the input's place and goes on with the next.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from repwatch.errors import InputError, UnsupportedInput
from repwatch.ingest import guards
from repwatch.ingest.html import declared_charset, parse_html
from repwatch.ingest.jsonl import read_jsonl
from repwatch.ingest.text import parse_text
from repwatch.model import Article

Result = Article | InputError
Reader = Callable[[str, dt.date | None], Iterator[Result]]

STDIN = "-"


def _read_text(path: str, published: dt.date | None) -> Iterator[Result]:
    text = guards.bytes_to_text(guards.read_file_bytes(path), path)
    yield parse_text(text, path, published)


def _read_html(path: str, published: dt.date | None) -> Iterator[Result]:
    data = guards.read_file_bytes(path)
    text = guards.bytes_to_text(data, path, charset=declared_charset(data))
    yield parse_html(text, path, published)


#: Reader per lower-cased extension ("" is a file with no extension).
READERS: dict[str, Reader] = {
    "": _read_text,
    ".txt": _read_text,
    ".text": _read_text,
    ".html": _read_html,
    ".htm": _read_html,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}


def reader_for(path: str) -> Reader | None:
    """The reader for `path`'s extension, None when it is not supported."""
    return READERS.get(os.path.splitext(path)[1].lower())


def _guarded(source: str, results: Iterator[Result]) -> Iterator[Result]:
    """`results`, with an InputError (or OSError) raised on the way yielded instead."""
    try:
        yield from results
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(source, guards.one_line(exc.strerror or exc))


def _read_stdin(stream: BinaryIO | None, published: dt.date | None) -> Iterator[Result]:
    stream = sys.stdin.buffer if stream is None else stream
    text = guards.bytes_to_text(guards.read_limited(stream, STDIN), STDIN)
    yield parse_text(text, STDIN, published)


def _read_tree(directory: str, published: dt.date | None) -> Iterator[Result]:
    """Supported files under `directory`, depth first in name order, hidden ones skipped.

    Files and subdirectories are interleaved by name, so the order is that of the sorted
    relative paths (``a.txt``, ``b/c.txt``, ``d.txt``).  Unsupported files are skipped
    silently; symlinked directories are not followed (a link loop would never end); a
    subdirectory that cannot be listed gives one InputError and the walk goes on.
    """
    with os.scandir(directory) as scan:
        entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _guarded(entry.path, _read_tree(entry.path, published))
        elif entry.is_file() and reader_for(entry.path) is not None:
            yield from _read_path(entry.path, published)


def _read_path(path: str, published: dt.date | None) -> Iterator[Result]:
    if not os.path.exists(path):
        yield UnsupportedInput(path, "no such file or directory")
        return
    if os.path.isdir(path):
        yield from _guarded(path, _read_tree(path, published))
        return
    reader = reader_for(path)
    if reader is None:
        ext = os.path.splitext(path)[1]
        yield UnsupportedInput(
            path,
            f"unknown extension {ext!r}; expected one of " + ", ".join(e for e in READERS if e),
        )
        return
    yield from _guarded(path, reader(path, published))


def read_inputs(
    paths: Iterable[str],
    *,
    published: dt.date | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | InputError]:
    """Articles read from `paths`, in order, with an InputError for each bad input.

    Never raises for a bad input.  ``-`` is plain text from `stdin` (default
    ``sys.stdin.buffer``); a directory is walked; `published` is the date of articles
    that carry none of their own.
    """
    if isinstance(paths, (str, bytes)):
        raise TypeError("read_inputs() takes an iterable of paths, not a single path")
    for given in paths:
        path = os.fspath(given)
        if path == STDIN:
            yield from _guarded(STDIN, _read_stdin(stdin, published))
        else:
            yield from _read_path(path, published)
