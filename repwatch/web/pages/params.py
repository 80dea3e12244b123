"""Query strings of the pages that take no event filters: only paging, checked."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import Request

from repwatch.store.base import EventQuery
from repwatch.web.errors import BadRequest
from repwatch.web.filters import PAGING, parse_event_query


def page_params(params: Mapping[str, str], default_limit: int = 50) -> EventQuery:
    """`limit` and `offset` from `params` (400 for any other parameter or a bad value)."""
    unknown = sorted(set(params) - set(PAGING))
    if unknown:
        raise BadRequest(
            f"unknown parameter {unknown[0]!r}; known: {', '.join(PAGING)}", code="bad_filter"
        )
    return parse_event_query(params, default_limit=default_limit)


async def paging_query(request: Request) -> EventQuery:
    """FastAPI dependency: the paging of a list without filters."""
    return page_params(request.query_params)
