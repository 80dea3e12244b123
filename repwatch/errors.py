"""Domain exceptions.  Raised inside, translated to one line at the edge (CLI).

Hierarchy::

    RepwatchError                 base; str(exc) is the user-facing message
    ├── InputError                an input cannot be read as an article
    │   ├── EmptyInput            no text at all (empty file, blank record)
    │   ├── BinaryInput           looks binary (NUL bytes, unknown magic)
    │   ├── EncodingError         not valid UTF-8
    │   ├── InputTooLarge         over the `max_input_bytes` setting
    │   ├── NoArticleText         HTML page with no extractable main text
    │   ├── BadRecord             a JSONL line that is not a JSON object with "text"
    │   └── UnsupportedInput      unknown extension, missing file, directory
    ├── ResourceError             a dictionary/lexicon file is malformed, a model is missing
    ├── SettingError              a REPWATCH_* setting has a bad value
    ├── EvalError                 gold data cannot be read
    ├── ExportError               an export cannot be written (names the output path)
    ├── StoreError                the database cannot be opened, migrated or written
    │   └── StoreUnavailable      the database URL names no reachable database
    └── HttpError                 (repwatch/web/errors.py) a web view's deliberate answer:
                                  BadRequest, Unauthorized, Forbidden, NotFound
"""

from __future__ import annotations


class RepwatchError(Exception):
    """Base class.  `str(exc)` is one line meant for the user."""


class InputError(RepwatchError):
    """An input could not be turned into an article.  `source` names the input."""

    reason = "cannot be read"

    def __init__(self, source: str, detail: str | None = None) -> None:
        self.source = source
        self.detail = detail
        msg = f"{source}: {self.reason}"
        if detail:
            msg += f" ({detail})"
        super().__init__(msg)


class EmptyInput(InputError):
    reason = "empty input, no text to read"


class BinaryInput(InputError):
    reason = "binary data, not text"


class EncodingError(InputError):
    reason = "not valid UTF-8"


class InputTooLarge(InputError):
    reason = "too large"


class NoArticleText(InputError):
    reason = "no article text found in the HTML page"


class BadRecord(InputError):
    reason = "bad JSONL record"


class UnsupportedInput(InputError):
    reason = "unsupported input"


class ResourceError(RepwatchError):
    """A resource file (actor dictionary, trigger lexicon) is malformed."""


class EvalError(RepwatchError):
    """Gold data for `repwatch eval` cannot be read."""


class SettingError(RepwatchError):
    """A setting's environment variable has a value of the wrong kind."""


class ExportError(RepwatchError):
    """An export cannot be written; the message names the output path."""


class StoreError(RepwatchError):
    """The store failed; the message names the database (its URL, password hidden)."""


class StoreUnavailable(StoreError):
    """The database URL cannot be opened: no such server, bad scheme, no driver."""
