"""Bytes -> text, refusing what is not an article-sized UTF-8 text.

Every reader goes through here, so the checks (size, emptiness, binary data, encoding,
length) and the normalisation (BOM stripped, CRLF -> LF) happen once and the same way.
Each check raises an `InputError` subclass naming the input.
"""

from __future__ import annotations

import os
from typing import BinaryIO

from repwatch import settings
from repwatch.errors import BinaryInput, EmptyInput, EncodingError, InputTooLarge

_BOM = "\ufeff"
#: How much of the start of an input the binary sniffing looks at.
_SNIFF_BYTES = 8192
#: Share of control bytes (other than whitespace) above which an input is binary.
_MAX_CONTROL_SHARE = 0.10
_CONTROL_BYTES = (frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}) | {0x7F}


def max_input_bytes() -> int:
    return int(settings.get("max_input_bytes"))


def max_record_chars() -> int:
    return int(settings.get("max_record_chars"))


def read_file_bytes(path: str) -> bytes:
    """The bytes of `path`, refused by size (from `stat`) before anything is read.

    Reads at most one byte past the limit, so a file that grows (or lies about its
    size, as special files do) is still refused without being read whole.
    """
    limit = max_input_bytes()
    size = os.stat(path).st_size
    if size > limit:
        raise InputTooLarge(path, f"{size} bytes, limit {limit}")
    with open(path, "rb") as f:
        return read_limited(f, path, limit)


def read_limited(stream: BinaryIO, source: str, limit: int | None = None) -> bytes:
    """Up to `limit` bytes of `stream`; InputTooLarge when there are more."""
    limit = max_input_bytes() if limit is None else limit
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(source, f"more than {limit} bytes")
    return data


def check_binary(data: bytes, source: str) -> None:
    """BinaryInput when `data` holds NUL bytes or is thick with control bytes."""
    head = data[:_SNIFF_BYTES]
    nul = data.find(b"\0")
    if nul >= 0:
        raise BinaryInput(source, f"NUL byte at offset {nul}")
    control = sum(1 for b in head if b in _CONTROL_BYTES)
    if head and control / len(head) > _MAX_CONTROL_SHARE:
        raise BinaryInput(source, f"{control} control bytes in the first {len(head)}")


def decode_utf8(data: bytes, source: str) -> str:
    """`data` as UTF-8; EncodingError naming the offset of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise EncodingError(source, f"invalid byte 0x{bad} at offset {exc.start}") from None


def normalise(text: str) -> str:
    """Strip a leading BOM and turn CRLF (and lone CR) line ends into LF."""
    if text.startswith(_BOM):
        text = text[len(_BOM) :]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_length(text: str, source: str) -> None:
    limit = max_record_chars()
    if len(text) > limit:
        raise InputTooLarge(source, f"{len(text)} characters, limit {limit}")


def bytes_to_text(data: bytes, source: str, *, charset: str | None = None) -> str:
    """Run every check on `data` and return it as normalised text.

    `charset` (an HTML page's declared one) is tried when `data` is not UTF-8.
    """
    if not data:
        raise EmptyInput(source)
    check_binary(data, source)
    try:
        text = decode_utf8(data, source)
    except EncodingError:
        if charset is None:
            raise
        text = data.decode(charset, errors="replace")
    text = normalise(text)
    if not text.strip():
        raise EmptyInput(source, "only whitespace")
    check_length(text, source)
    return text


def one_line(message: object, limit: int = 200) -> str:
    """`message` squeezed onto one line of at most `limit` characters (for details)."""
    flat = " ".join(str(message).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
