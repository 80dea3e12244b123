"""``/actors/{code}``: an actor code's events as source and as target, over time."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter

from repwatch.web.aggregates import actor_events, shared_monthly
from repwatch.web.deps import StoreDep
from repwatch.web.errors import BadRequest, NotFound
from repwatch.web.pages.records import event_json
from repwatch.web.views import resource

router = APIRouter()
SHOWN = 100
_CODE = re.compile(r"[A-Za-z]{2,16}")


@resource(router, "/actors/{code}", "actor.html", summary="An actor code as source and target")
def actor(code: str, store: StoreDep) -> dict[str, Any]:
    """Events whose source (``as_source``) or target (``as_target``) carries this
    CAMEO-style code (e.g. ``IRNGOV``), newest first (the first 100 of each), their
    counts, the dictionary names seen, and a monthly timeline per role over the same
    months.  404 when no event has the code."""
    if not _CODE.fullmatch(code):
        raise BadRequest(f"{code[:40]!r} is not an actor code such as IRNGOV", code="bad_filter")
    code = code.upper()
    found = actor_events(store, code)
    if not found.as_source and not found.as_target:
        raise NotFound(f"no event has an actor coded {code}")
    series = shared_monthly({"source": found.as_source, "target": found.as_target})
    return {
        "code": code,
        "names": sorted(found.names, key=lambda n: -found.names[n]),
        "counts": {"source": len(found.as_source), "target": len(found.as_target)},
        "as_source": [event_json(e) for e in found.as_source[:SHOWN]],
        "as_target": [event_json(e) for e in found.as_target[:SHOWN]],
        "timeline": series,
    }
