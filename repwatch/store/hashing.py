"""An article's identity: the SHA-256 of its normalised text.

Normalisation is Unicode NFC, whitespace runs collapsed to one space, and the ends
stripped, so the same report re-fetched with other line breaks or a trailing newline
is the same article.
"""

from __future__ import annotations

import hashlib
import unicodedata


def normalise_text(text: str) -> str:
    """`text` in NFC with every whitespace run collapsed to one space, stripped."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def text_hash(text: str) -> str:
    """sha256 hex digest of the normalised text (see `normalise_text`)."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
