"""Deterministic dev/test splits of the visible gold data.

Rules are developed on `dev` only; `test` is the part we hold out from ourselves.  A
record's split depends on a hash of its id alone, so it never changes as files grow.
"""

from __future__ import annotations

import hashlib

SPLITS = ("all", "dev", "test")


def split_of(record_id: str) -> str:
    h = int(hashlib.sha256(record_id.encode("utf-8")).hexdigest()[:8], 16)
    return "dev" if h % 2 == 0 else "test"


def keep(record_id: str, split: str) -> bool:
    return split == "all" or split_of(record_id) == split
