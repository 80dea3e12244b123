"""Paging links for a list view: where we are, and the URLs one page either way."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import URL


def paging(url: URL | str, offset: int, limit: int, total: int) -> dict[str, Any]:
    """JSON-ready paging for a list of `total` items shown `limit` at a time from
    `offset`; ``prev``/``next`` are relative URLs (path and query) or None."""
    url = URL(str(url))

    def link(to: int) -> str:
        target = url.remove_query_params(["limit", "offset"])
        target = target.include_query_params(limit=limit, offset=to)
        return target.path + ("?" + target.query if target.query else "")

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
