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
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line)
            except ValueError as exc:
                raise EvalError(f"{path}:{n}: not {what} ({exc})") from None
