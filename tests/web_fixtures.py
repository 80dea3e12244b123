"""Fixtures for the web app's tests: a live server and a real Chromium page.

Use from a test module with ``pytest_plugins = ["web_fixtures"]`` and an ``app``
fixture that returns the FastAPI app to serve:

* ``live_server``: the app served by uvicorn on a free loopback port, in a thread,
  shut down after the test; ``live_server.url`` is its base URL (`web_server.serve`,
  which tests that want one server per module call directly).
* ``browser``: Debian's Chromium (``/usr/bin/chromium``), headless, once per session.
  Without it the browser tests are skipped with a message, except under ``CI=true``,
  where they fail: CI must run them.
* ``browser_page``: a fresh page that records console errors, page errors, CSP
  violations and dialogs; the test fails if any occurred (`BrowserPage.assert_clean`
  runs at teardown, and tests may call it earlier).  ``browser_page.screenshot(name)``
  saves ``test-artifacts/screenshots/NAME.png``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from web_server import LiveServer, serve, stop

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"

# Runs before any page script; init scripts are not subject to the page's CSP.
_CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture
def live_server(app: Any) -> Iterator[LiveServer]:
    live = serve(app)
    try:
        yield live
    finally:
        stop(live)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run scripts/setup-browser (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must run the browser tests")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class BrowserPage:
    """A Playwright page and what went wrong on it."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        try:
            found = self.page.evaluate("window.__cspViolations || []")
        except Exception:  # the page is closed or mid-navigation
            return []
        return [str(v) for v in found]

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"CSP violation: {m}" for m in self.csp_violations()]
            + [f"dialog opened: {m}" for m in self.dialogs]
        )

    def assert_clean(self) -> None:
        problems = self.problems()
        if problems:
            pytest.fail("the page reported problems:\n  " + "\n  ".join(problems))

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


def open_page(browser: Any) -> tuple[Any, BrowserPage]:
    """A new context and page with the problem collectors attached."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(_CSP_LISTENER)
    page = context.new_page()
    watched = BrowserPage(page)

    def on_dialog(dialog: Any) -> None:
        watched.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("console", lambda m: m.type == "error" and watched.console_errors.append(m.text))
    page.on("pageerror", lambda e: watched.page_errors.append(str(e)))
    page.on("dialog", on_dialog)
    return context, watched


@pytest.fixture
def browser_page(browser: Any) -> Iterator[BrowserPage]:
    context, watched = open_page(browser)
    try:
        yield watched
        watched.assert_clean()
    finally:
        context.close()
