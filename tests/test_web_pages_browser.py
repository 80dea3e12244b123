"""The pages in a real browser (Debian's Chromium via Playwright) over a real SQLite
store coded by the real pipeline from four tiny invented articles
(`test_web_pages_data`): search and filters change the results, an event shows its
highlights on the right words, the map and the timelines draw, and a hostile article
stays inert.  Every test fails on a console error, page error, CSP violation or
dialog (`web_fixtures.BrowserPage`); screenshots land in test-artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from test_web_pages_data import (
    HOSTILE_IMG,
    HOSTILE_LINK,
    HOSTILE_TITLE,
    build_store,
    find,
    pages_app,
)
from web_server import LiveServer, serve, stop

pytest_plugins = ["web_fixtures"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> str:
    return build_store(tmp_path_factory.mktemp("pages") / "pages.db", nlp)


@pytest.fixture(scope="module")
def server(db: str) -> Iterator[LiveServer]:
    live = serve(pages_app(db))
    yield live
    stop(live)


def goto(browser_page: Any, server: LiveServer, path: str) -> Any:
    page = browser_page.page
    response = page.goto(server.url + path)
    assert response is not None and response.status == 200, path
    return page


def charts_ready(page: Any, *selectors: str) -> None:
    for selector in selectors:
        page.wait_for_selector(f"{selector}[data-ready=true]", timeout=10_000)


def test_web_pages_home_draws_map_and_timeline(browser_page: Any, server: LiveServer) -> None:
    page = goto(browser_page, server, "/")
    charts_ready(page, ".map-canvas", ".timeline-canvas")
    assert page.locator(".map-land path").count() > 100
    circles = page.locator(".map-points circle")
    assert circles.count() == 3  # Istanbul, Minsk, Berlin
    assert circles.first.locator("title").text_content() == "Istanbul, TUR (5)"
    assert page.locator(".timeline-bar").count() == 3  # 2026-01 .. 2026-03
    assert page.locator("[data-stat=events] .n").text_content() == "10"  # with a title's
    assert page.locator("ul.incidents a").first.get_attribute("href") == "/incidents/1"
    browser_page.screenshot("pages_home")
    with page.expect_navigation():
        page.locator(".map-points a").first.click()
    assert page.url.endswith("/events?country=TUR")
    assert page.locator("table.events tbody tr").count() == 5


def test_web_pages_events_filters_change_results(browser_page: Any, server: LiveServer) -> None:
    page = goto(browser_page, server, "/events")
    rows = page.locator("table.events tbody tr")
    assert rows.count() == 10
    charts_ready(page, ".map-canvas", ".timeline-canvas")
    browser_page.screenshot("pages_events")
    page.locator("select[name=type]").select_option("ASSAULT")
    page.locator("input[name=country]").fill("TUR")
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()
    assert rows.count() == 3  # two reports of the abduction, and a headline
    assert set(rows.locator("td.type .type-tag").all_text_contents()) == {"ASSAULT"}
    assert page.locator("#count").text_content() == "3 events match."
    charts_ready(page, ".map-canvas")
    assert page.locator(".map-points circle").count() == 1  # the map follows the filter
    page.locator("select[name=type]").select_option("")
    page.locator("input[name=country]").fill("")
    page.locator("input[name=q]").fill("journalists")
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()
    assert rows.count() == 4  # the Minsk article's events: its title names journalists
    assert not any("Istanbul" in s for s in rows.locator("td.snippet").all_text_contents())


def test_web_pages_event_highlights_each_field(
    browser_page: Any, server: LiveServer, db: str
) -> None:
    arrest = find(db, "arrested", country="BLR", mode="arrest")
    page = goto(browser_page, server, f"/events/{arrest.event.id}")
    context = page.locator("#context")

    def marked(kind: str) -> str:
        return "".join(context.locator(f"mark.{kind}").all_text_contents())

    assert marked("hl-trigger") == "arrested"
    assert marked("hl-source") == "Police in Minsk"
    assert marked("hl-target") == "two journalists"
    assert marked("hl-place") == "Minsk"
    assert marked("hl-date") == "Monday"
    assert marked("hl-cue") == "said"
    assert "Police in Minsk arrested two journalists on Monday" in context.text_content()

    # each kind is drawn in its own colour
    def colour(kind: str) -> str:
        alone = context.locator(f"mark[class='{kind}']")  # not where two spans meet
        mark = alone.first if alone.count() else context.locator(f"mark.{kind}").first
        return str(mark.evaluate("m => getComputedStyle(m).backgroundColor"))

    kinds = ("hl-trigger", "hl-source", "hl-target", "hl-place", "hl-date", "hl-cue")
    colours = {kind: colour(kind) for kind in kinds}
    assert len(set(colours.values())) == 6, colours
    assert page.locator("ul.legend mark").count() >= 6
    assert page.locator(".claim").text_content().startswith("reported, on the word of BLRCVL")
    assert "Arrests" in page.locator(".acled").text_content()
    assert page.locator(".extractor").text_content().startswith("repwatch-")
    assert page.locator("ul.quotes li").count() == 1
    browser_page.screenshot("pages_event")


def test_web_pages_incident_lists_sources(browser_page: Any, server: LiveServer) -> None:
    page = goto(browser_page, server, "/incidents/1")
    sources = page.locator("ol.sources li")
    assert sources.count() == 2
    assert "wire.example" in sources.first.text_content()  # the earliest report first
    assert page.locator(".earliest").text_content().startswith("Iranian dissident abducted")
    assert page.locator("table.events tbody tr").count() == 2
    browser_page.screenshot("pages_incident")


def test_web_pages_actor_two_timelines(browser_page: Any, server: LiveServer) -> None:
    page = goto(browser_page, server, "/actors/IRNOPP")
    charts_ready(page, "#timeline-source", "#timeline-target")
    assert page.locator("[data-stat=target] .n").text_content() == "3"
    assert page.locator("#timeline-target .timeline-bar").count() >= 1
    browser_page.screenshot("pages_actor")


def test_web_pages_hostile_article_stays_inert(
    browser_page: Any, server: LiveServer, db: str
) -> None:
    hostile = find(db, country="DEU")
    for path in (f"/articles/{hostile.article_id}", f"/events/{hostile.event.id}", "/events"):
        page = goto(browser_page, server, path)
        assert page.locator("main script:not([type='application/json'])").count() == 0
        assert page.locator("main img").count() == 0
        assert page.locator("a[href^='javascript']").count() == 0
        assert page.locator("[onerror]").count() == 0
    page = goto(browser_page, server, f"/articles/{hostile.article_id}")
    assert page.locator("h1.article-title").text_content() == HOSTILE_TITLE
    text = page.locator("#article-text").text_content()
    assert HOSTILE_IMG in text and HOSTILE_LINK in text
    assert page.locator("#article-text mark.hl-trigger").text_content() == "arrested"
    browser_page.screenshot("pages_article_hostile")
    page.wait_for_timeout(200)  # give any injected script its chance to run
    browser_page.assert_clean()


def test_web_pages_article_marks_every_annotation(
    browser_page: Any, server: LiveServer, db: str
) -> None:
    arrest = find(db, "arrested", country="BLR", mode="arrest")
    page = goto(browser_page, server, f"/articles/{arrest.article_id}")
    text = page.locator("#article-text")
    # detain (the title, a headline verb), arrested, condemned, threatened
    assert text.locator("mark.hl-trigger").count() == 4
    assert "This is a campaign of fear" in "".join(
        text.locator("mark.hl-quote").all_text_contents()
    )
    assert text.locator("mark.hl-place").count() >= 3
    browser_page.screenshot("pages_article")


def test_web_pages_screenshots_exist() -> None:
    shots = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
    assert shots.is_dir()
