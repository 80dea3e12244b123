"""Export stored events and incidents as flat tables (JSONL, CSV, Parquet) and GeoJSON.

`columns` holds the two column tables (events, incidents) that also generate
`docs/export.md`; `writers.write` streams rows into one of the four formats.
"""

from __future__ import annotations

from repwatch.errors import ExportError

__all__ = ["ExportError"]
