"""The export writers, their store-reading helpers and the CLI command, on hand-built rows."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from repwatch.cli import export as export_cmd
from repwatch.export import ExportError
from repwatch.export.columns import EVENT_COLUMNS, INCIDENT_COLUMNS, contradictions_text
from repwatch.export.source import iter_incidents
from repwatch.export.writers import csv_cell, mean_point, write
from repwatch.model import AcledCoding, Actor, Claim, DateRef, Event, Place, TextSpan, TnrCoding
from repwatch.store.base import Contradiction, EventQuery, Incident, StoredEvent

HOSTILE = 'Arrested, "again"\nin Minsk; =HYPERLINK("http://x")'


def actor(text: str, code: str, country: str, sector: str) -> Actor:
    return Actor(text, 0, len(text), text, code, country, sector)


def stored_event(
    n: int = 1,
    *,
    title: str | None = "Police arrest journalists",
    lat: float | None = 53.9,
    lon: float | None = 27.5667,
    located: bool = True,
) -> StoredEvent:
    place = Place("Minsk", 10, 15, "Minsk", "BLR", "Minsk City", lat, lon, 625144, "city",
                  "sentence")  # fmt: skip
    event = Event(
        id=f"ev-{n:016x}", type="COERCE", mode="arrest",
        source=actor("Police in Minsk", "BLRCOP", "BLR", "COP"),
        target=actor("two journalists", "MED", None, "MED"),  # type: ignore[arg-type]
        trigger=TextSpan("arrested", 16, 24),
        sentence=TextSpan("Police in Minsk arrested two journalists.", 0, 41),
        negated=n % 2 == 0, source_basis="syntax",
        location=place if located else None,
        date=DateRef("Monday", 45, 51, dt.date(2026, 3, 23), dt.date(2026, 3, 23), "day",
                     "relative"),
        claim=Claim("reported", actor("Viasna", "NGO", None, "HRI"),  # type: ignore[arg-type]
                    TextSpan("said", 60, 64)),
        acled=AcledCoding("Strategic developments", "Arrests", "rules"),
        tnr=TnrCoding("BLR", None, "detention"),
    )  # fmt: skip
    return StoredEvent(event, article_id=n, extractor="repwatch-0.1.0+rules",
                       article_title=title, article_url=f"https://example.org/{n}",
                       published=dt.date(2026, 3, 25), incident_id=7)  # fmt: skip


def bare_event() -> StoredEvent:
    event = Event("ev-bare", "ACCUSE", None, None, None, TextSpan("x", 0, 1),
                  TextSpan("x", 0, 1))  # fmt: skip
    return StoredEvent(event, 3, "repwatch-0.1.0+rules", None, None, None)


def incident(n: int = 7, event_ids: tuple[str, ...] = ("ev-a", "ev-b")) -> Incident:
    return Incident(
        id=n, type="COERCE", event_ids=event_ids, sources=2,
        earliest=dt.date(2024, 1, 3), first=dt.date(2024, 1, 2), last=dt.date(2024, 1, 5),
        country="BLR",
        contradictions=(Contradiction("date", ("2024-01-02", "2024-01-05"), event_ids),
                        Contradiction("deaths", ("3", "5"), event_ids)),
    )  # fmt: skip


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# --- columns' getters --------------------------------------------------------------


def test_export_writers_event_getters_flatten_everything() -> None:
    row = {c.name: c.value(stored_event()) for c in EVENT_COLUMNS}
    assert row["source_code"] == "BLRCOP" and row["target_sector"] == "MED"
    assert row["lat"] == 53.9 and row["lon"] == 27.5667
    assert row["date_start"] == dt.date(2026, 3, 23) and row["certainty"] == "reported"
    assert row["asserted_by_text"] == "Viasna" and row["claim_cue"] == "said"
    assert row["acled_sub_event_type"] == "Arrests" and row["tnr_host_state"] is None
    assert row["incident_id"] == 7 and row["trigger"] == "arrested"
    assert not any(isinstance(v, dict | list | tuple) for v in row.values())


def test_export_writers_bare_event_gives_missing_cells() -> None:
    row = {c.name: c.value(bare_event()) for c in EVENT_COLUMNS}
    assert row["negated"] is False and row["event_id"] == "ev-bare"
    for name in ("source_code", "lat", "date_start", "certainty", "acled_event_type",
                 "tnr_tactic", "claim_cue", "incident_id", "published"):  # fmt: skip
        assert row[name] is None, name


def test_export_writers_non_finite_float_is_missing() -> None:
    lat = next(c for c in EVENT_COLUMNS if c.name == "lat")
    assert lat.value(stored_event(lat=float("nan"))) is None


def test_export_writers_contradictions_flat_string() -> None:
    assert contradictions_text(incident().contradictions) == (
        "date: 2024-01-02 | 2024-01-05; deaths: 3 | 5"
    )
    assert contradictions_text(()) is None


# --- CSV --------------------------------------------------------------------------


def test_export_writers_csv_round_trip_hostile_strings() -> None:
    out = io.StringIO(newline="")
    result = write([stored_event(1, title=HOSTILE), stored_event(2, title="+1 - @x")], "csv", out)
    assert result.written == 2
    raw = out.getvalue()
    assert raw.startswith(",".join(c.name for c in EVENT_COLUMNS) + "\r\n")
    rows = read_csv(raw)
    assert list(rows[0]) == [c.name for c in EVENT_COLUMNS]
    assert len(rows) == 2
    assert rows[0]["article_title"] == HOSTILE  # starts with "A": not guarded
    assert rows[1]["article_title"] == "'+1 - @x"
    assert rows[0]["negated"] == "0" and rows[1]["negated"] == "1"
    assert rows[0]["published"] == "2026-03-25" and rows[0]["date_end"] == "2026-03-23"
    assert rows[0]["lat"] == "53.9" and rows[0]["tnr_host_state"] == ""
    assert rows[0]["article_id"] == "1"


@pytest.mark.parametrize("text", ["=cmd|' /C calc'!A0", "+SUM(1)", "-2+3", "@SUM(1)", "\tx"])
def test_export_writers_csv_guards_formulas(text: str) -> None:
    out = io.StringIO(newline="")
    write([stored_event(title=text)], "csv", out)
    assert read_csv(out.getvalue())[0]["article_title"] == "'" + text


def test_export_writers_csv_guard_leaves_numbers_and_can_be_off() -> None:
    out = io.StringIO(newline="")
    write([stored_event(title="=cmd", lat=-33.9, lon=-70.6)], "csv", out, formula_guard=False)
    row = read_csv(out.getvalue())[0]
    assert row["article_title"] == "=cmd"
    assert (row["lat"], row["lon"]) == ("-33.9", "-70.6")
    assert csv_cell(-70.6, "float") == "-70.6"
    assert csv_cell("-x", "string") == "'-x"


def test_export_writers_csv_empty_has_header_for_kind() -> None:
    out = io.StringIO(newline="")
    assert write([], "csv", out, kind="incidents").written == 0
    assert out.getvalue() == ",".join(c.name for c in INCIDENT_COLUMNS) + "\r\n"


def test_export_writers_csv_incidents() -> None:
    out = io.StringIO(newline="")
    write([incident()], "csv", out)
    row = read_csv(out.getvalue())[0]
    assert list(row) == [c.name for c in INCIDENT_COLUMNS]
    assert row["reports"] == "2" and row["event_ids"] == "ev-a;ev-b"
    assert row["contradictions"] == "date: 2024-01-02 | 2024-01-05; deaths: 3 | 5"
    assert (row["earliest"], row["first"], row["last"]) == ("2024-01-03", "2024-01-02",
                                                            "2024-01-05")  # fmt: skip


def test_export_writers_csv_to_binary_stream_is_utf8() -> None:
    out = io.BytesIO()
    write([stored_event(title="Мінск — «арышт»")], "csv", out)
    assert not out.closed
    assert read_csv(out.getvalue().decode("utf-8"))[0]["article_title"] == "Мінск — «арышт»"


# --- JSONL ------------------------------------------------------------------------


def test_export_writers_jsonl_flat_records() -> None:
    out = io.StringIO()
    write([stored_event(title=HOSTILE + "\u2028"), bare_event()], "jsonl", out)
    lines = out.getvalue().split("\n")
    assert lines[-1] == "" and len(lines) == 3
    first = json.loads(lines[0])
    assert list(first) == [c.name for c in EVENT_COLUMNS]
    assert first["article_title"] == HOSTILE + "\u2028"
    assert first["negated"] is False and first["date_start"] == "2026-03-23"
    assert json.loads(lines[1])["lat"] is None


# --- Parquet ----------------------------------------------------------------------


def test_export_writers_parquet_round_trip_types(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "events.parquet"
    rows = [stored_event(n, title=HOSTILE) for n in range(1, 6)] + [bare_event()]
    assert write(rows, "parquet", path, batch_rows=2).written == 6
    assert not (tmp_path / "events.parquet.part").exists()
    table = pq.read_table(path)
    assert table.column_names == [c.name for c in EVENT_COLUMNS]
    assert table.num_rows == 6
    schema = table.schema
    assert schema.field("published").type == pa.date32()
    assert schema.field("negated").type == pa.bool_()
    assert schema.field("lat").type == pa.float64()
    assert schema.field("article_id").type == pa.int64()
    assert schema.field("type").type == pa.string()
    assert schema.field("lat").metadata[b"description"].startswith(b"Location: latitude")
    data = table.to_pylist()
    assert data[0]["published"] == dt.date(2026, 3, 25)
    assert data[0]["article_title"] == HOSTILE
    assert [r["negated"] for r in data] == [False, True, False, True, False, False]
    assert data[5]["lat"] is None and data[5]["date_start"] is None
    assert [r["article_id"] for r in data] == [1, 2, 3, 4, 5, 3]


def test_export_writers_parquet_empty_keeps_schema(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "incidents.parquet"
    write([], "parquet", path, kind="incidents")
    table = pq.read_table(path)
    assert table.num_rows == 0
    assert table.column_names == [c.name for c in INCIDENT_COLUMNS]


# --- GeoJSON ----------------------------------------------------------------------


def test_export_writers_geojson_points_lon_lat() -> None:
    out = io.StringIO()
    rows = [stored_event(1), stored_event(2, located=False), stored_event(3, lat=None, lon=None),
            stored_event(4, lat=-33.45, lon=-70.66)]  # fmt: skip
    result = write(rows, "geojson", out)
    assert (result.written, result.skipped) == (2, 2)
    doc = json.loads(out.getvalue())
    assert doc["type"] == "FeatureCollection"
    assert [f["type"] for f in doc["features"]] == ["Feature", "Feature"]
    first, last = doc["features"]
    assert first["geometry"] == {"type": "Point", "coordinates": [27.5667, 53.9]}
    assert last["geometry"]["coordinates"] == [-70.66, -33.45]
    assert first["id"] == "ev-0000000000000001"
    assert list(first["properties"]) == [c.name for c in EVENT_COLUMNS]
    assert first["properties"]["published"] == "2026-03-25"
    assert first["properties"]["negated"] is False


def test_export_writers_geojson_empty_is_valid() -> None:
    out = io.StringIO()
    assert write([], "geojson", out).written == 0
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_export_writers_geojson_incident_at_mean_of_located_reports() -> None:
    points = {"ev-a": (50.0, 20.0), "ev-b": (52.0, 30.0)}
    out = io.StringIO()
    rows = [incident(1), incident(2, ("ev-x",)), incident(3, ("ev-b", "ev-x"))]
    result = write(rows, "geojson", out,
                   locate=lambda i: [points[e] for e in i.event_ids if e in points])  # fmt: skip
    assert (result.written, result.skipped) == (2, 1)
    features = json.loads(out.getvalue())["features"]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [25.0, 51.0]}
    assert features[1]["geometry"]["coordinates"] == [30.0, 52.0]
    assert features[0]["properties"]["event_ids"] == "ev-a;ev-b"
    assert features[0]["id"] == 1


def test_export_writers_geojson_incident_mean_crosses_the_antimeridian() -> None:
    # Two reports either side of 180°: the naive mean of 170 and -160 is 5 (Africa);
    # the circular mean is -175 (the Pacific, between them).
    points = {"ev-a": (-17.0, 170.0), "ev-b": (-19.0, -160.0)}
    out = io.StringIO()
    write([incident(1)], "geojson", out, locate=lambda i: [points[e] for e in i.event_ids])
    lon, lat = json.loads(out.getvalue())["features"][0]["geometry"]["coordinates"]
    assert lat == -18.0
    assert abs(lon - -175.0) < 1e-6
    assert mean_point([(0.0, 179.0), (0.0, -179.0)])[0] in (180.0, -180.0)


# --- paths and errors -------------------------------------------------------------


def test_export_writers_unwritable_path_names_it(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "events.csv"
    with pytest.raises(ExportError, match="missing/events.csv: cannot write"):
        write([stored_event()], "csv", path)


def test_export_writers_failed_export_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    with pytest.raises(ExportError, match="events.csv: cannot export a Incident as events"):
        write([stored_event(), incident()], "csv", path)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_export_writers_unknown_format() -> None:
    with pytest.raises(ExportError, match="unknown export format 'xlsx'"):
        write([], "xlsx", io.StringIO())  # type: ignore[arg-type]


# --- reading the store, and the CLI -----------------------------------------------


class FakeStore:
    url = "fake://"

    def __init__(self, events: list[StoredEvent], incidents: list[Incident]) -> None:
        self._events, self._incidents, self.closed = events, incidents, False
        self.pages: list[tuple[int, int]] = []

    def iter_events(self, query: EventQuery | None = None) -> Iterator[StoredEvent]:
        yield from self._events

    def incidents(self, limit: int = 50, offset: int = 0) -> list[Incident]:
        self.pages.append((limit, offset))
        return self._incidents[offset : offset + limit]

    def close(self) -> None:
        self.closed = True


def test_export_writers_iter_incidents_pages_to_the_end() -> None:
    store = FakeStore([], [incident(n) for n in range(5)])
    assert [i.id for i in iter_incidents(store, page=2)] == [0, 1, 2, 3, 4]  # type: ignore[arg-type]
    assert store.pages == [(2, 0), (2, 2), (2, 4)]


def _run(argv: list[str], store: FakeStore, monkeypatch: pytest.MonkeyPatch) -> int:
    import repwatch.store

    opened: list[str | None] = []

    def open_store(url: str | None = None) -> Any:
        opened.append(url)
        return store

    monkeypatch.setattr(repwatch.store, "open_store", open_store, raising=False)
    parser = argparse.ArgumentParser()
    export_cmd.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["export", *argv])
    code = int(args.run(args))
    assert opened == [args.db]
    return code


def test_export_cli_geojson_incidents_note_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    e1, e2 = stored_event(1), replace(stored_event(2), incident_id=None)
    store = FakeStore([e1, e2], [incident(1, (e1.event.id, e2.event.id)),
                                 incident(2, ("ev-gone",))])  # fmt: skip
    out = tmp_path / "incidents.geojson"
    code = _run(["--format", "geojson", "--incidents", "--out", str(out), "--db", "x.db"],
                store, monkeypatch)  # fmt: skip
    assert code == 0 and store.closed
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert [f["id"] for f in features] == [1]
    assert features[0]["geometry"]["coordinates"] == [27.5667, 53.9]
    err = capsys.readouterr().err
    assert err == f"repwatch: {out}: 1 incidents without coordinates left out (1 written)\n"


def test_export_cli_csv_to_stdout(
    monkeypatch: pytest.MonkeyPatch, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    code = _run(["--format", "csv"], FakeStore([stored_event(title="=x")], []), monkeypatch)
    assert code == 0
    rows = read_csv(capfdbinary.readouterr().out.decode("utf-8"))
    assert rows[0]["article_title"] == "'=x"


def test_export_cli_parquet_needs_out(monkeypatch: pytest.MonkeyPatch) -> None:
    store = FakeStore([stored_event()], [])
    with pytest.raises(ExportError, match="^stdout: parquet is binary and needs --out PATH$"):
        _run(["--format", "parquet", "--db", "x.db"], store, monkeypatch)
