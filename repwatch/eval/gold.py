"""Reading gold files written as JSON lines (PLOVER GSR, reviewed gold)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from repwatch.errors import EvalError


def jsonl_records(path: Path, what: str) -> Iterator[tuple[int, Any]]:
    """(line number, parsed JSON) for each non-blank line; `what` names the record kind
    in the one-line error ("a PLOVER GSR record")."""
    if not path.is_file():
        raise EvalError(f"{path}: gold file not found")
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                reason = f"{exc.reason} at byte {exc.start}"
                raise EvalError(f"{path}:{n}: not UTF-8 ({reason})") from None
            if not line.strip():
                continue
            try:
                yield n, json.loads(line)
            except ValueError as exc:
                raise EvalError(f"{path}:{n}: not {what} ({exc})") from None
