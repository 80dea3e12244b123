"""Write stored events or incidents as JSONL, CSV, Parquet or GeoJSON.

`write` streams: rows are read once, one at a time (Parquet: in batches), so an
export never holds the whole store in memory.  The cells come from the column tables
in `repwatch.export.columns`; this module only decides how each format spells them.
Nothing here prints: rows left out of a GeoJSON export are counted in the returned
`WriteResult` for the caller to report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, TextIO, TypeVar, cast

from repwatch.export import ExportError
from repwatch.export.columns import EVENT_COLUMNS, INCIDENT_COLUMNS, Column, Value
from repwatch.store.base import Incident, StoredEvent

Format = Literal["jsonl", "csv", "parquet", "geojson"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "parquet", "geojson")
Kind = Literal["events", "incidents"]
#: (lat, lon) of each located report of an incident.
Locate = Callable[[Incident], Sequence[tuple[float, float]]]
Out = TextIO | BinaryIO | Path

#: Cells that a spreadsheet would run as a formula start with one of these.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PARQUET_BATCH_ROWS = 10_000

R = TypeVar("R")


@dataclass(frozen=True)
class WriteResult:
    written: int  # rows (features) written
    skipped: int = 0  # GeoJSON only: rows left out for want of coordinates


def write(
    rows: Iterable[StoredEvent] | Iterable[Incident],
    fmt: Format,
    out: Out,
    *,
    kind: Kind | None = None,
    locate: Locate | None = None,
    formula_guard: bool = True,
    batch_rows: int = PARQUET_BATCH_ROWS,
) -> WriteResult:
    """Write `rows` to `out` (a path, or an open text or binary stream) as `fmt`.

    `kind` says whether the rows are events or incidents; None reads it from the first
    row (events when there is none).  `locate` gives an incident's report coordinates
    (needed for GeoJSON incidents).  A path is written through ``PATH.part`` and renamed
    at the end, so a failed export leaves no half-written file behind.
    """
    if fmt not in FORMATS:
        raise ExportError(f"{_name(out)}: unknown export format {fmt!r}")
    it: Iterator[object] = iter(rows)
    first = next(it, None)
    if kind is None:
        kind = "incidents" if isinstance(first, Incident) else "events"
    all_rows: Iterable[object] = it if first is None else chain([first], it)
    with _opened(out, binary=fmt == "parquet") as stream:
        if kind == "incidents":
            incidents = _checked(all_rows, Incident, kind, out)
            if fmt == "geojson":
                if locate is None:
                    raise ValueError("a GeoJSON export of incidents needs `locate`")
                return write_geojson(incidents, INCIDENT_COLUMNS, _incident_point(locate), stream)
            return _table(incidents, INCIDENT_COLUMNS, fmt, stream, formula_guard, batch_rows)
        events = _checked(all_rows, StoredEvent, kind, out)
        if fmt == "geojson":
            return write_geojson(events, EVENT_COLUMNS, _event_point, stream)
        return _table(events, EVENT_COLUMNS, fmt, stream, formula_guard, batch_rows)


def _table(
    rows: Iterable[R],
    columns: Sequence[Column[R]],
    fmt: Format,
    stream: IO[Any],
    formula_guard: bool,
    batch_rows: int,
) -> WriteResult:
    if fmt == "jsonl":
        return write_jsonl(rows, columns, stream)
    if fmt == "csv":
        return write_csv(rows, columns, stream, formula_guard=formula_guard)
    return write_parquet(rows, columns, stream, batch_rows=batch_rows)


# --- output plumbing --------------------------------------------------------------


def _name(out: Out) -> str:
    if isinstance(out, Path):
        return str(out)
    name = getattr(out, "name", None)
    return name if isinstance(name, str) else "<stream>"


@contextmanager
def _opened(out: Out, binary: bool) -> Iterator[IO[Any]]:
    """The stream to write: a path via PATH.part, a binary stream wrapped for text
    (UTF-8, no newline translation), a text stream's buffer for binary output."""
    if isinstance(out, Path):
        part = out.with_name(out.name + ".part")
        try:
            f: IO[Any] = (
                open(part, "wb") if binary else open(part, "w", encoding="utf-8", newline="")
            )
        except OSError as exc:
            raise ExportError(f"{out}: cannot write ({exc.strerror or exc})") from None
        try:
            with f:
                yield f
            os.replace(part, out)
        except OSError as exc:
            part.unlink(missing_ok=True)
            raise ExportError(f"{out}: cannot write ({exc.strerror or exc})") from None
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        return
    if isinstance(out, io.TextIOBase):
        if not binary:
            yield out
            return
        buffer = getattr(out, "buffer", None)
        if buffer is None:
            raise ExportError(f"{_name(out)}: parquet needs a binary stream or a path")
        out.flush()
        yield buffer
        buffer.flush()
        return
    if binary:
        yield out
        return
    text = io.TextIOWrapper(cast(BinaryIO, out), encoding="utf-8", newline="", write_through=True)
    try:
        yield text
        text.flush()
    finally:
        text.detach()


def _checked(rows: Iterable[object], cls: type[R], kind: str, out: Out) -> Iterator[R]:
    for row in rows:
        if not isinstance(row, cls):
            raise ExportError(f"{_name(out)}: cannot export a {type(row).__name__} as {kind}")
        yield row


# --- JSONL ------------------------------------------------------------------------


def _json_value(v: Value) -> str | int | float | bool | None:
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def _record(row: R, columns: Sequence[Column[R]]) -> dict[str, Any]:
    return {c.name: _json_value(c.value(row)) for c in columns}


def _dumps(obj: Any) -> str:
    # U+2028/U+2029 are valid in JSON but split "lines" for some readers: escape them.
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def write_jsonl(rows: Iterable[R], columns: Sequence[Column[R]], out: IO[str]) -> WriteResult:
    """One JSON object per line, keyed by column name; dates as ISO strings."""
    n = 0
    for row in rows:
        out.write(_dumps(_record(row, columns)) + "\n")
        n += 1
    return WriteResult(n)


# --- CSV --------------------------------------------------------------------------


def csv_cell(v: Value, type_: str, formula_guard: bool = True) -> str:
    """How CSV spells one value: empty for missing, 1/0 for booleans, ISO dates, and
    a leading ' on text that a spreadsheet would run as a formula."""
    if v is None:
        return ""
    if type_ == "boolean":
        return "1" if v else "0"
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return repr(v)
    text = str(v)
    if formula_guard and type_ == "string" and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def write_csv(
    rows: Iterable[R], columns: Sequence[Column[R]], out: IO[str], *, formula_guard: bool = True
) -> WriteResult:
    """A header row, then one RFC 4180 row per record (CRLF; quotes doubled)."""
    writer = csv.writer(out, dialect="excel")
    writer.writerow([c.name for c in columns])
    n = 0
    for row in rows:
        writer.writerow([csv_cell(c.value(row), c.type, formula_guard) for c in columns])
        n += 1
    return WriteResult(n)


# --- Parquet ----------------------------------------------------------------------


def parquet_schema(columns: Sequence[Column[Any]]) -> Any:
    """The pyarrow schema of a column table; each field carries its description."""
    pa = _pyarrow()
    types = {
        "string": pa.string(), "integer": pa.int64(), "float": pa.float64(),
        "boolean": pa.bool_(), "date": pa.date32(),
    }  # fmt: skip
    return pa.schema(
        [
            pa.field(c.name, types[c.type], nullable=True, metadata={"description": c.description})
            for c in columns
        ]  # fmt: skip
    )


def write_parquet(
    rows: Iterable[R],
    columns: Sequence[Column[R]],
    out: IO[bytes],
    *,
    batch_rows: int = PARQUET_BATCH_ROWS,
) -> WriteResult:
    """Typed columns, written `batch_rows` rows at a time."""
    pa = _pyarrow()
    import pyarrow.parquet as pq

    schema = parquet_schema(columns)
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        batch: list[list[Value]] = [[] for _ in columns]
        for row in rows:
            for cells, c in zip(batch, columns, strict=True):
                cells.append(c.value(row))
            n += 1
            if len(batch[0]) >= batch_rows:
                writer.write_batch(pa.record_batch(batch, schema=schema))
                batch = [[] for _ in columns]
        if batch[0] or n == 0:
            writer.write_batch(pa.record_batch(batch, schema=schema))
    return WriteResult(n)


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError:
        raise ExportError("parquet export needs pyarrow (pip install pyarrow)") from None
    return pyarrow


# --- GeoJSON ----------------------------------------------------------------------


def _event_point(row: StoredEvent) -> tuple[float, float] | None:
    loc = row.event.location
    if loc is None or loc.lat is None or loc.lon is None:
        return None
    if not (math.isfinite(loc.lat) and math.isfinite(loc.lon)):
        return None
    return (loc.lon, loc.lat)


def _incident_point(locate: Locate) -> Callable[[Incident], tuple[float, float] | None]:
    def point(row: Incident) -> tuple[float, float] | None:
        located = [
            (lat, lon) for lat, lon in locate(row) if math.isfinite(lat) and math.isfinite(lon)
        ]
        if not located:
            return None
        return mean_point(located)

    return point


def mean_point(located: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """(lon, lat) at the mean of (lat, lon) points: latitudes averaged, longitudes as
    angles (a circular mean), so that reports at 179° E and 179° W meet at 180°, not at
    0°.  Rounded to 6 decimals (about 0.1 m)."""
    lat = sum(p[0] for p in located) / len(located)
    sin = sum(math.sin(math.radians(p[1])) for p in located)
    cos = sum(math.cos(math.radians(p[1])) for p in located)
    lon = math.degrees(math.atan2(sin, cos)) if (sin or cos) else 0.0
    return (round(lon, 6) + 0.0, round(lat, 6) + 0.0)


def write_geojson(
    rows: Iterable[R],
    columns: Sequence[Column[R]],
    point: Callable[[R], tuple[float, float] | None],
    out: IO[str],
) -> WriteResult:
    """A FeatureCollection of Point features ([lon, lat], WGS 84) whose properties are
    the columns; rows for which `point` gives None are left out and counted."""
    written = skipped = 0
    out.write('{"type": "FeatureCollection", "features": [\n')
    for row in rows:
        lonlat = point(row)
        if lonlat is None:
            skipped += 1
            continue
        props = _record(row, columns)
        feature = {
            "type": "Feature",
            "id": props[columns[0].name],
            "geometry": {"type": "Point", "coordinates": [lonlat[0], lonlat[1]]},
            "properties": props,
        }
        out.write(("" if written == 0 else ",\n") + _dumps(feature))
        written += 1
    out.write("\n]}\n")
    return WriteResult(written, skipped)
