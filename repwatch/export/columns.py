"""The export tables: one column list for events, one for incidents.

Each column has a name (snake_case ASCII, at most 32 characters: Stata's limit), a
type, a description and a getter.  The writers (`repwatch.export.writers`), the docs
(`python -m repwatch.export.columns > docs/export.md`) and the tests all read these
tables, so a column cannot be exported without being documented.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from repwatch.model import Actor, Event
from repwatch.store.base import Contradiction, Incident, StoredEvent

ColumnType = Literal["string", "integer", "float", "boolean", "date"]
Value = str | int | float | bool | dt.date | None
R = TypeVar("R")


@dataclass(frozen=True)
class Column(Generic[R]):
    """One flat export column: never a nested value."""

    name: str
    type: ColumnType
    description: str
    get: Callable[[R], Value]

    def value(self, row: R) -> Value:
        """The cell for `row`; non-finite floats become None (JSON and Stata have no NaN)."""
        v = self.get(row)
        if isinstance(v, float) and not math.isfinite(v):
            return None
        return v


# --- events -----------------------------------------------------------------------


def _actor(role: str, attr: str, description: str) -> Column[StoredEvent]:
    def get(r: StoredEvent) -> Value:
        actor: Actor | None = getattr(r.event, role)
        return getattr(actor, attr) if actor is not None else None

    return Column(f"{role}_{attr}", "string", description, get)


def _ev(
    name: str, type_: ColumnType, description: str, get: Callable[[Event], Value]
) -> Column[StoredEvent]:
    return Column(name, type_, description, lambda r: get(r.event))


def _asserted_by(e: Event) -> Actor | None:
    return e.claim.asserted_by if e.claim is not None else None


EVENT_COLUMNS: tuple[Column[StoredEvent], ...] = (
    _ev("event_id", "string", "Event id (`ev-` + 16 hex digits), derived from the article "
        "id, the trigger's offset and the type.", lambda e: e.id),
    Column("article_id", "integer", "Id of the stored article the event was read from.",
           lambda r: r.article_id),
    Column("extractor", "string", "Model that coded the article, e.g. "
           "`repwatch-0.1.0+rules`.", lambda r: r.extractor),
    Column("published", "date", "Publication date of the article.", lambda r: r.published),
    Column("article_url", "string", "URL of the article.", lambda r: r.article_url),
    Column("article_title", "string", "Title of the article.", lambda r: r.article_title),
    _ev("type", "string", "PLOVER 2021 event type, e.g. `COERCE`.", lambda e: e.type),
    _ev("mode", "string", "PLOVER mode, e.g. `arrest`; empty when none applies.",
        lambda e: e.mode),
    _ev("negated", "boolean", "1 when the text says the event did not happen.",
        lambda e: e.negated),
    _ev("basis", "string", "How the event was found: `rules` (a trigger word of the "
        "lexicon), or `model` (the ACLED classifier, in a paragraph with no trigger; "
        "no source or target).", lambda e: e.basis),
    _actor("source", "text", "Source actor (who acts): the words in the article."),
    _actor("source", "name", "Source actor: resolved name."),
    _actor("source", "code", "Source actor: CAMEO-style code, ISO-3 country plus role, "
           "e.g. `IRNGOV`."),
    _actor("source", "country", "Source actor: ISO-3 country."),
    _actor("source", "sector", "Source actor: CAMEO role, e.g. `COP`, `SPY`."),
    _ev("source_basis", "string", "How the source was found: `syntax`, or `implicit` "
        "(inferred, e.g. an arrest with no stated agent coded to the local police).",
        lambda e: e.source_basis),
    _actor("target", "text", "Target actor (who is acted on): the words in the article."),
    _actor("target", "name", "Target actor: resolved name."),
    _actor("target", "code", "Target actor: CAMEO-style code."),
    _actor("target", "country", "Target actor: ISO-3 country."),
    _actor("target", "sector", "Target actor: CAMEO role."),
    _ev("location_name", "string", "Where the event happened: place name.",
        lambda e: e.location.name if e.location else None),
    _ev("location_country", "string", "Location: ISO-3 country.",
        lambda e: e.location.country if e.location else None),
    _ev("location_admin1", "string", "Location: first-level administrative division.",
        lambda e: e.location.admin1 if e.location else None),
    _ev("lat", "float", "Location: latitude (WGS 84); empty when the location is only "
        "a country inferred from the actors, or a place the gazetteer lacks.",
        lambda e: e.location.lat if e.location else None),
    _ev("lon", "float", "Location: longitude (WGS 84).",
        lambda e: e.location.lon if e.location else None),
    _ev("location_geonameid", "integer", "Location: GeoNames id.",
        lambda e: e.location.geonameid if e.location else None),
    _ev("location_precision", "string", "Location precision: `city`, `admin2`, `admin1`, "
        "`country`, `region`, or `unresolved` (a place named in the text that the "
        "gazetteer lacks: no coordinates).",
        lambda e: e.location.precision if e.location else None),
    _ev("location_basis", "string", "Rule that chose the location: `syntax`, `where`, "
        "`sentence`, `context`, `dateline` or `actor`.",
        lambda e: e.location.basis if e.location else None),
    _ev("date_text", "string", "When the event happened: the words in the article; empty "
        "when the date is the publication date.", lambda e: e.date.text if e.date else None),
    _ev("date_start", "date", "First day the event may have happened.",
        lambda e: e.date.first if e.date else None),
    _ev("date_end", "date", "Last day the event may have happened.",
        lambda e: e.date.last if e.date else None),
    _ev("date_precision", "string", "Date precision: `day`, `month`, `year` or `range`.",
        lambda e: e.date.precision if e.date else None),
    _ev("date_basis", "string", "How the date was found: `explicit`, `relative` or "
        "`published` (no date in the text).", lambda e: e.date.basis if e.date else None),
    _ev("certainty", "string", "How sure the text is: `asserted`, `reported`, `alleged` or "
        "`hypothetical`.", lambda e: e.claim.certainty if e.claim else None),
    _ev("asserted_by_text", "string", "Who asserts the event: the words in the article; "
        "empty when it is the article's own word.",
        lambda e: a.text if (a := _asserted_by(e)) else None),
    _ev("asserted_by_code", "string", "Who asserts the event: CAMEO-style code.",
        lambda e: a.code if (a := _asserted_by(e)) else None),
    _ev("claim_cue", "string", "Words that mark the claim, e.g. `said`, `allegedly`.",
        lambda e: e.claim.cue.text if e.claim and e.claim.cue else None),
    _ev("acled_event_type", "string", "ACLED event type, spelled as ACLED spells it.",
        lambda e: e.acled.event_type if e.acled else None),
    _ev("acled_sub_event_type", "string", "ACLED sub-event type.",
        lambda e: e.acled.sub_event_type if e.acled else None),
    _ev("acled_basis", "string", "What decided the ACLED coding: `model` or `rules`.",
        lambda e: e.acled.basis if e.acled else None),
    _ev("tnr_origin_state", "string", "Transnational repression: ISO-3 of the state acting "
        "against its nationals abroad; empty when not transnational.",
        lambda e: e.tnr.origin_state if e.tnr else None),
    _ev("tnr_host_state", "string", "Transnational repression: ISO-3 of the country where "
        "it happens.", lambda e: e.tnr.host_state if e.tnr else None),
    _ev("tnr_tactic", "string", "Transnational repression: Freedom House tactic, e.g. "
        "`detention`, `coercion by proxy`.", lambda e: e.tnr.tactic if e.tnr else None),
    Column("incident_id", "integer", "Incident this report was merged into; empty when none.",
           lambda r: r.incident_id),
    _ev("trigger", "string", "Word(s) that state the event, e.g. `arrested`.",
        lambda e: e.trigger.text),
    _ev("trigger_start", "integer", "Trigger: start character offset in the article text.",
        lambda e: e.trigger.start),
    _ev("trigger_end", "integer", "Trigger: end character offset (exclusive).",
        lambda e: e.trigger.end),
    _ev("sentence", "string", "The sentence that states the event.",
        lambda e: e.sentence.text),
)  # fmt: skip


# --- incidents --------------------------------------------------------------------


def contradictions_text(contradictions: tuple[Contradiction, ...]) -> str | None:
    """``"date: 2024-01-02 | 2024-01-05; deaths: 3 | 5"``; None when reports agree."""
    if not contradictions:
        return None
    return "; ".join(f"{c.field}: {' | '.join(c.values)}" for c in contradictions)


INCIDENT_COLUMNS: tuple[Column[Incident], ...] = (
    Column("incident_id", "integer", "Incident id.", lambda i: i.id),
    Column("type", "string", "PLOVER 2021 event type shared by the reports.",
           lambda i: i.type),
    Column("reports", "integer", "Number of event reports merged into the incident.",
           lambda i: len(i.event_ids)),
    Column("sources", "integer", "Distinct sources (outlets, hosts) among the reports.",
           lambda i: i.sources),
    Column("earliest", "date", "Publication date of the earliest report.",
           lambda i: i.earliest),
    Column("first", "date", "First day of the incident's date window.", lambda i: i.first),
    Column("last", "date", "Last day of the incident's date window.", lambda i: i.last),
    Column("country", "string", "ISO-3 country where the incident happened.",
           lambda i: i.country),
    Column("contradictions", "string", "Fields the reports disagree on, with each value: "
           "`date: 2024-01-02 | 2024-01-05; deaths: 3 | 5`; empty when they agree.",
           lambda i: contradictions_text(i.contradictions)),
    Column("event_ids", "string", "The reports' `event_id`s, joined by `;`.",
           lambda i: ";".join(i.event_ids)),
)  # fmt: skip


# --- docs -------------------------------------------------------------------------

_TYPE_DOC: dict[str, str] = {
    "string": "text; empty cell in CSV, `null` in JSONL/GeoJSON, null in Parquet when missing",
    "integer": "whole number (Parquet int64)",
    "float": "decimal number (Parquet float64)",
    "boolean": "`1`/`0` in CSV, `true`/`false` in JSONL/GeoJSON, bool in Parquet",
    "date": "ISO 8601 `YYYY-MM-DD` text in CSV/JSONL/GeoJSON, `date32` in Parquet",
}

_INTRO = """\
# Export

`repwatch export` writes the stored events, or with `--incidents` the merged
incidents, as flat tables for R, Stata and pandas, and as GeoJSON for QGIS:

```
repwatch export --format csv --out events.csv
repwatch export --format parquet --out events.parquet --db postgresql://localhost/repwatch
repwatch export --format geojson --out events.geojson
repwatch export --incidents --format csv > incidents.csv
```

This page is generated from `repwatch/export/columns.py`
(`python -m repwatch.export.columns > docs/export.md`); a test fails when they differ.

## Formats

- `jsonl`: one JSON object per line, with the columns below as keys (UTF-8).
- `csv`: UTF-8, one header row, RFC 4180 quoting (fields with commas, quotes or line
  breaks are quoted, quotes doubled; rows end in CRLF). Booleans are `1`/`0` and
  missing values are empty cells. Read it with `read.csv(..., encoding = "UTF-8")`,
  `pandas.read_csv` or Stata's
  `import delimited using events.csv, varnames(1) bindquote(strict) encoding(utf-8)`.
- `parquet`: typed columns (dates as `date32`), written in batches; each field carries
  its description as metadata. Needs `--out`.
- `geojson`: a FeatureCollection for QGIS. Each event with coordinates is a `Point`
  feature (`[lon, lat]`, WGS 84) whose properties are the columns below; events
  without coordinates (a location that is only a country, or none) are left out and
  counted in one line on stderr. An incident is a point at the mean position of its
  located reports (longitudes averaged as angles, so reports either side of 180°
  meet in the Pacific); incidents with no located report are left out the same way.

`--out` defaults to stdout for `jsonl`, `csv` and `geojson`.

**Spreadsheet formula guard.** In CSV, a text cell that begins with `=`, `+`, `-`, `@`,
a tab or a carriage return gets a leading `'`, so a spreadsheet shows it as text and
does not run it as a formula (an article can contain `=HYPERLINK(...)`). Numbers are
never changed (`lon` stays `-73.98`). Strip the `'` when the data go to R, Stata or
pandas, or pass `--no-formula-guard`. JSONL, Parquet and GeoJSON are not changed.

## Types

| type | meaning |
|---|---|
"""


def _cell(text: str) -> str:
    """A Markdown table cell: `|` would end the cell, even inside backticks."""
    return text.replace("|", "\\|")


def _table(columns: tuple[Column[StoredEvent], ...] | tuple[Column[Incident], ...]) -> list[str]:
    lines = ["| column | type | meaning |", "|---|---|---|"]
    lines += [f"| `{c.name}` | {c.type} | {_cell(c.description)} |" for c in columns]
    return lines


def markdown() -> str:
    """docs/export.md, generated from the two tables."""
    lines = [_INTRO.rstrip("\n")]
    lines += [f"| {name} | {doc} |" for name, doc in _TYPE_DOC.items()]
    lines += ["", "## Event columns", "", "One row per stored event (newest coding of each "
              "article).", ""]  # fmt: skip
    lines += _table(EVENT_COLUMNS)
    lines += ["", "## Incident columns", "", "One row per incident (`--incidents`).", ""]
    lines += _table(INCIDENT_COLUMNS)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
