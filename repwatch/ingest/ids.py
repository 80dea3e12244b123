"""Article ids: the record's own, else a content hash."""

from __future__ import annotations

import hashlib


def text_id(text: str) -> str:
    """sha256 hex digest of `text` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
