"""JSON Lines -> Articles, one per line, streamed.

A corpus may be far bigger than `max_input_bytes`, so the file is never read whole: each
line is read with a byte cap derived from `max_record_chars` and checked on its own.  A
bad line becomes an `InputError` whose source is ``PATH:LINENO``; the other lines go on.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from repwatch.errors import BadRecord, EmptyInput, InputError, InputTooLarge
from repwatch.ingest.guards import check_length, decode_utf8, max_record_chars, normalise, one_line
from repwatch.ingest.ids import text_id
from repwatch.model import Article

#: Bytes of JSON a line may hold per character of text (``\uXXXX`` escapes take 6).
_BYTES_PER_CHAR = 6
#: Bytes a line may hold for its other fields, on top of the text.
_LINE_OVERHEAD = 64 * 1024
_CHUNK = 64 * 1024


def line_limit() -> int:
    """Longest line (bytes) read before the line is refused unparsed."""
    return _BYTES_PER_CHAR * max_record_chars() + _LINE_OVERHEAD


def parse_date(value: str) -> dt.date:
    """``YYYY-MM-DD`` or an ISO datetime (its date, as written); ValueError otherwise."""
    value = value.strip()
    if len(value) == 10:
        return dt.date.fromisoformat(value)
    return dt.datetime.fromisoformat(value).date()


def _optional_str(record: dict[str, Any], key: str, where: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value or None
    raise BadRecord(where, f'"{key}" must be a string, got {type(value).__name__}')


def _record_id(record: dict[str, Any], text: str, where: str) -> str:
    value = record.get("id")
    if value is None:
        return text_id(text)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise BadRecord(where, f'"id" must be a string or an integer, got {type(value).__name__}')
    if isinstance(value, str) and not value.strip():
        raise BadRecord(where, '"id" is empty')
    return str(value)


def _published(record: dict[str, Any], where: str) -> dt.date | None:
    value = _optional_str(record, "published", where)
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError:
        raise BadRecord(where, one_line(f'"published" is not an ISO date: {value!r}')) from None


def parse_record(record: object, where: str, published: dt.date | None = None) -> Article:
    """Article from one decoded JSON value; BadRecord when it does not fit."""
    if not isinstance(record, dict):
        raise BadRecord(where, f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadRecord(where, 'no non-empty string "text"')
    text = normalise(text)
    check_length(text, where)
    return Article(
        id=_record_id(record, text, where),
        text=text,
        title=_optional_str(record, "title", where),
        published=_published(record, where) or published,
        source=where,
        url=_optional_str(record, "url", where),
    )


def parse_line(raw: bytes, where: str, published: dt.date | None = None) -> Article | None:
    """Article from one raw line, None for a blank line; InputError subclasses otherwise."""
    line = decode_utf8(raw, where).lstrip("\ufeff")
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise BadRecord(where, one_line(f"not JSON: {exc}")) from None
    return parse_record(record, where, published)


def _skip_line(stream: BinaryIO) -> None:
    """Consume the rest of an over-long line without keeping it."""
    while True:
        chunk = stream.readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def iter_jsonl(
    stream: BinaryIO, source: str, published: dt.date | None = None
) -> Iterator[Article | InputError]:
    """One Article or InputError per non-blank line of `stream`; EmptyInput if none."""
    limit = line_limit()
    lineno = 0
    records = 0
    while raw := stream.readline(limit + 1):
        lineno += 1
        where = f"{source}:{lineno}"
        if len(raw) > limit and not raw.endswith(b"\n"):
            _skip_line(stream)
            records += 1
            yield InputTooLarge(where, f"line longer than {limit} bytes")
            continue
        try:
            article = parse_line(raw, where, published)
        except InputError as exc:
            records += 1
            yield exc
            continue
        if article is not None:
            records += 1
            yield article
    if not records:
        yield EmptyInput(source, "no JSONL records")


def read_jsonl(path: str, published: dt.date | None = None) -> Iterator[Article | InputError]:
    """Stream the records of the JSONL file at `path`."""
    with open(path, "rb") as stream:
        yield from iter_jsonl(stream, path, published)
