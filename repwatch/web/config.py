"""The web app's configuration: one frozen record handed to `create_app`."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from repwatch.web.security import TokenIdentity

#: Checks a bearer token; returns who it belongs to, or None when it is not valid.
TokenVerifier = Callable[[str], TokenIdentity | None]


def _deny_all(token: str) -> TokenIdentity | None:
    return None


@dataclass(frozen=True)
class WebConfig:
    """How the app runs.  Defaults suit a laptop: one local user, no API tokens.

    `secret` signs the CSRF cookie; a random one per process is fine for one worker
    (forms rendered before a restart then need a reload); several worker processes must
    share one (`repwatch serve --workers` does).  `template_dirs` are searched before
    the package's own templates (tests and deployments may add pages).  `threads` caps
    the views running at once in the thread pool (None: anyio's default, 40); set when
    the app starts (its lifespan).
    """

    max_body_bytes: int = 10_000_000
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    token_verifier: TokenVerifier = _deny_all
    template_dirs: Sequence[Path] = ()
    title: str = "repwatch"
    threads: int | None = None
