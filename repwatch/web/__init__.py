"""The web app (issue #6): pages and a JSON API over the store.

`create_app(store_factory, config)` builds it; docs/web.md describes the layers and
the security model.  Views return data; `views.resource` serves each as a page and
as ``.json`` from one function.
"""

from __future__ import annotations

from repwatch.web.app import create_app
from repwatch.web.config import WebConfig
from repwatch.web.security import TokenIdentity, require_token

__all__ = ["TokenIdentity", "WebConfig", "create_app", "require_token"]
