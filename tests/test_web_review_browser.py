"""The review form in real Chromium: correct an event's type on its page, then find the
correction in the audit trail (the machine's coding kept as "before")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from repwatch.ingest.ids import text_id
from repwatch.model import Article
from repwatch.nlp import pipeline
from repwatch.store import EventQuery, Store, open_store
from repwatch.web import WebConfig, create_app, pages
from repwatch.web import api as web_api
from repwatch.web import review as web_review
from repwatch.web.api import store_token_verifier

pytest_plugins = ["web_fixtures"]

TEXT = "Police in Minsk arrested two journalists on Monday."


@pytest.fixture
def seeded(tmp_path: Path) -> dict[str, Any]:
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    article = Article(id=text_id(TEXT), text=TEXT, published=dt.date(2026, 3, 25), title="Minsk")
    store = open_store(url)
    try:
        store.save(next(pipeline.extract([article])))
        event = store.events(EventQuery())[0]
        token = store.create_token("alice")
    finally:
        store.close()
    return {"url": url, "event": event, "token": token}


@pytest.fixture
def app(seeded: dict[str, Any]) -> Any:
    def factory() -> Store:
        return open_store(seeded["url"])

    config = WebConfig(token_verifier=store_token_verifier(factory))
    return create_app(factory, config, routers=[pages.router(), web_review.router, web_api.router])


def test_web_review_browser_correct_type_then_audit_trail(
    live_server: Any, browser_page: Any, seeded: dict[str, Any]
) -> None:
    page = browser_page.page
    event = seeded["event"].event
    assert event.type != "ASSAULT"
    page.goto(f"{live_server.url}/events/{event.id}")
    form = page.locator("form.review-form")
    assert form.locator("select[name=type]").input_value() == event.type  # starts at the coding
    form.locator("select[name=type]").select_option("ASSAULT")
    form.locator("input[name=note]").fill("they were beaten, not held")
    form.locator("input[name=token]").fill(seeded["token"])
    with page.expect_navigation():
        form.locator("button[value=correct]").click()
    assert page.url.endswith(f"/events/{event.id}#review")

    with page.expect_navigation():
        page.locator("#review a", has_text="Audit trail").click()
    row = page.locator("tr.review-correct").first
    assert row.locator("td").nth(1).inner_text() == "alice"
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    assert cells[2:6] == ["correct", "type", event.type, "ASSAULT"]
    assert "they were beaten, not held" in page.locator("table.reviews").inner_text()
    browser_page.screenshot("review-audit-trail")
    page.goto(f"{live_server.url}/events/{event.id}")
    browser_page.screenshot("review-event-page")

    store = open_store(seeded["url"])
    try:
        assert store.event(event.id) == seeded["event"]  # the machine's coding is unchanged
    finally:
        store.close()
