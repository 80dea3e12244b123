"""Paging links for a list view: where we are, and the URLs one page either way."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.datastructures import URL


def paging(url: URL | str, offset: int, limit: int, total: int) -> dict[str, Any]:
    """JSON-ready paging for a list of `total` items shown `limit` at a time from
    `offset`; ``prev``/``next`` are relative URLs (path and query) or None: the
    request's path and query, ``limit`` and ``offset`` moved to the end."""
    parts = urlsplit(str(url))
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if k not in ("limit", "offset")]  # fmt: skip

    def link(to: int) -> str:
        return parts.path + "?" + urlencode([*kept, ("limit", str(limit)), ("offset", str(to))])

    has_prev = offset > 0
    has_next = offset + limit < total
    return {
        "offset": offset,
        "limit": limit,
        "total": total,
        "first": offset + 1 if total and offset < total else 0,
        "last": min(offset + limit, total),
        "prev": link(max(offset - limit, 0)) if has_prev else None,
        "next": link(offset + limit) if has_next else None,
    }
