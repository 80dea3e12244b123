"""Jinja2 templates: one environment per app, autoescaping on for every template.

Views never build HTML by hand; they hand data to `render`.  Every value is escaped
unless a template marks it safe, and the templates mark nothing safe: JSON for the
map and the timeline goes through `tojson`, which escapes ``<``, ``>``, ``&`` and
``'`` so that it cannot close its ``<script type="application/json">`` block.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse

from repwatch.model import PLOVER_TYPES

#: The highlight colours of the legend: (css class, label).  `static/app.css` styles
#: each class; the page for an article marks its spans with the same classes.
HIGHLIGHTS: tuple[tuple[str, str], ...] = (
    ("hl-trigger", "trigger"),
    ("hl-source", "source"),
    ("hl-target", "target"),
    ("hl-place", "place"),
    ("hl-date", "date"),
    ("hl-cue", "claim cue"),
)


#: Claim certainties, in the order the filter form offers them.
CERTAINTIES = ("asserted", "reported", "alleged", "hypothetical")


def environment(template_dirs: Sequence[Path] = ()) -> Environment:
    """The template environment: `template_dirs` first, then the package's own."""
    loader = ChoiceLoader(
        [
            *(FileSystemLoader(str(d)) for d in template_dirs),
            PackageLoader("repwatch.web", "templates"),
        ]
    )
    env = Environment(loader=loader, autoescape=True, undefined=StrictUndefined)
    env.globals["highlights"] = HIGHLIGHTS
    env.globals["plover_types"] = PLOVER_TYPES
    env.globals["certainties"] = CERTAINTIES
    return env


def is_api_path(path: str) -> bool:
    """Paths of the token-only JSON API."""
    return path == "/api" or path.startswith("/api/")


def wants_html(request: Request) -> bool:
    """True when the client asked for a page: a browser navigation (Accept names
    text/html) to a path that is not an API path (``*.json``, ``/api/...``)."""
    path = request.url.path
    if path.endswith(".json") or is_api_path(path):
        return False
    return "text/html" in request.headers.get("accept", "")


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any],
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """The template `name` rendered with `context`, plus what every page needs."""
    env: Environment = request.app.state.templates
    state = request.scope.get("state", {})
    page = {
        "request": request,
        "csrf_token": state.get("csrf_token", ""),
        "site_title": request.app.state.config.title,
        **context,
    }
    html = env.get_template(name).render(page)
    return HTMLResponse(html, status_code=status_code, headers=dict(headers or {}))
