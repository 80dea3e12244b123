"""The export column tables: names every target tool accepts, and docs generated from them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from repwatch.export import columns
from repwatch.export.columns import EVENT_COLUMNS, INCIDENT_COLUMNS, Column

ROOT = Path(__file__).resolve().parent.parent
TABLES: dict[str, tuple[Column[Any], ...]] = {
    "events": EVENT_COLUMNS,
    "incidents": INCIDENT_COLUMNS,
}
ALL = [(kind, c) for kind, cols in TABLES.items() for c in cols]

#: Stata reserved names (`help reswords`) and R reserved words.
RESERVED = {
    "_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long",
    "_n", "_N", "_pi", "_pred", "_rc", "_skip", "strl", "using", "with",
    "else", "repeat", "while", "function", "for", "next", "break", "true", "false", "null",
    "inf", "nan", "na",
}  # fmt: skip


@pytest.mark.parametrize(("kind", "column"), ALL, ids=lambda x: getattr(x, "name", x))
def test_export_columns_names_are_stata_valid(kind: str, column: Column[Any]) -> None:
    assert re.fullmatch(r"[a-z][a-z0-9_]*", column.name), column.name
    assert len(column.name) <= 32
    assert column.name.isascii()
    assert column.name.lower() not in RESERVED
    assert not re.fullmatch(r"str\d+", column.name)


@pytest.mark.parametrize("kind", TABLES)
def test_export_columns_names_unique(kind: str) -> None:
    names = [c.name for c in TABLES[kind]]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(("kind", "column"), ALL, ids=lambda x: getattr(x, "name", x))
def test_export_columns_typed_and_described(kind: str, column: Column[Any]) -> None:
    assert column.type in {"string", "integer", "float", "boolean", "date"}
    assert column.description.strip().endswith(".")
    assert "\n" not in column.description


def test_export_columns_cover_the_brief() -> None:
    names = {c.name for c in EVENT_COLUMNS}
    for wanted in ("event_id", "article_id", "published", "type", "mode", "negated",
                   "source_code", "target_code", "lat", "lon", "date_start", "date_end",
                   "certainty", "acled_sub_event_type", "tnr_tactic", "incident_id",
                   "sentence", "trigger"):  # fmt: skip
        assert wanted in names
    assert [c.name for c in INCIDENT_COLUMNS][:2] == ["incident_id", "type"]


def test_export_columns_docs_page_is_generated_from_the_tables() -> None:
    doc = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    assert doc == columns.markdown(), (
        "regenerate: python -m repwatch.export.columns > docs/export.md"
    )


@pytest.mark.parametrize(("kind", "column"), ALL, ids=lambda x: getattr(x, "name", x))
def test_export_columns_each_documented_once(kind: str, column: Column[Any]) -> None:
    rows = [
        line for line in columns.markdown().splitlines() if line.startswith(f"| `{column.name}` |")
    ]
    assert len(rows) == (2 if column.name in {"incident_id", "type"} else 1)


def test_export_columns_markdown_escapes_pipes_in_cells() -> None:
    line = next(x for x in columns.markdown().splitlines() if x.startswith("| `contradictions`"))
    assert len(re.findall(r"(?<!\\)\|", line)) == 4 and "\\|" in line
