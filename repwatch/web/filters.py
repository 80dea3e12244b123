"""Event filters from a query string, checked here so that bad input is a 400.

The filter form submits every field, empty ones as ``name=``; an empty value means
"any".  Unknown parameters are refused (a typo should not silently match everything).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

from fastapi import Request

from repwatch.model import PLOVER_TYPES
from repwatch.store.base import EventQuery
from repwatch.web.errors import BadRequest
from repwatch.web.templating import CERTAINTIES

FILTERS = ("type", "mode", "country", "actor", "certainty", "since", "until", "q")
PAGING = ("limit", "offset")
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
_MODE = re.compile(r"[a-z][a-z_-]{0,39}")
_ISO3 = re.compile(r"[A-Za-z]{3}")


def parse_event_query(
    params: Mapping[str, str], extra: Iterable[str] = (), default_limit: int = 50
) -> EventQuery:
    """`params` as an `EventQuery`; `BadRequest` names the first bad parameter.
    `extra` names further parameters the caller reads itself."""
    unknown = sorted(set(params) - set(FILTERS) - set(PAGING) - set(extra))
    if unknown:
        known = ", ".join((*FILTERS, *PAGING, *extra))
        raise BadRequest(f"unknown parameter {unknown[0]!r}; known: {known}", code="bad_filter")
    value = {k: params.get(k, "").strip() for k in (*FILTERS, *PAGING)}
    since, until = _date("since", value["since"]), _date("until", value["until"])
    if since and until and since > until:
        raise BadRequest(f"since ({since}) is after until ({until})", code="bad_filter")
    return EventQuery(
        type=_choice("type", value["type"].upper(), PLOVER_TYPES),
        mode=_match("mode", value["mode"].lower(), _MODE, "a PLOVER mode such as 'arrest'"),
        country=_match("country", value["country"].upper(), _ISO3, "an ISO-3 code such as 'IRN'"),
        actor=_text("actor", value["actor"], 100),
        certainty=_choice("certainty", value["certainty"].lower(), CERTAINTIES),
        since=since,
        until=until,
        q=_text("q", value["q"], 200),
        limit=_int("limit", value["limit"], default_limit, 1, MAX_LIMIT),
        offset=_int("offset", value["offset"], 0, 0, MAX_OFFSET),
    )


async def event_query(request: Request) -> EventQuery:
    """FastAPI dependency: the request's query string as an `EventQuery` (async: it
    only parses, so it need not go to the thread pool)."""
    return parse_event_query(request.query_params)


def _bad(name: str, raw: str, expected: str) -> BadRequest:
    return BadRequest(f"{name}={raw[:60]!r}: expected {expected}", code="bad_filter")


def _choice(name: str, raw: str, choices: tuple[str, ...]) -> str | None:
    if not raw:
        return None
    if raw not in choices:
        raise _bad(name, raw, "one of " + ", ".join(choices))
    return raw


def _match(name: str, raw: str, pattern: re.Pattern[str], expected: str) -> str | None:
    if not raw:
        return None
    if not pattern.fullmatch(raw):
        raise _bad(name, raw, expected)
    return raw


def _text(name: str, raw: str, longest: int) -> str | None:
    if not raw:
        return None
    if len(raw) > longest or any(ord(c) < 32 for c in raw):
        raise _bad(name, raw, f"at most {longest} printable characters")
    return raw


def _date(name: str, raw: str) -> dt.date | None:
    if not raw:
        return None
    try:
        if len(raw) != 10:
            raise ValueError(raw)
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise _bad(name, raw, "a date as YYYY-MM-DD") from None


def _int(name: str, raw: str, default: int, least: int, most: int) -> int:
    if not raw:
        return default
    if not raw.isdigit() or not least <= int(raw) <= most:
        raise _bad(name, raw, f"a whole number from {least} to {most}")
    return int(raw)
