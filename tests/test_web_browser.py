"""The foundation in a real browser (Debian's Chromium via Playwright): the map draws
the shipped base map and the points, the timeline draws one bar per period, the CSP
holds, hostile text stays inert, and form posts carry their CSRF token.

Every test here fails on a console error, page error, CSP violation or dialog
(`web_fixtures.BrowserPage`).  Screenshots land in test-artifacts/screenshots/.
"""

from __future__ import annotations

from typing import Any

import pytest
from web_demo import PLACES, SERIES, demo_app
from web_server import LiveServer

pytest_plugins = ["web_fixtures"]


@pytest.fixture
def app() -> Any:
    return demo_app()


def open_demo(browser_page: Any, live_server: LiveServer, query: str = "") -> Any:
    page = browser_page.page
    response = page.goto(live_server.url + "/demo" + query)
    assert response is not None and response.status == 200
    page.wait_for_selector(".map-canvas[data-ready=true]", timeout=10_000)
    page.wait_for_selector(".timeline-canvas[data-ready=true]", timeout=10_000)
    return page


def test_browser_map_draws_basemap_and_points(browser_page: Any, live_server: LiveServer) -> None:
    page = open_demo(browser_page, live_server)
    assert page.locator(".map-land path").count() > 100
    circles = page.locator(".map-points circle")
    assert circles.count() == len(PLACES)
    # biggest first, sized by count: Tehran (12) is larger than Toronto (1)
    radii = [float(r) for r in circles.evaluate_all("cs => cs.map(c => c.getAttribute('r'))")]
    assert radii == sorted(radii, reverse=True) and radii[0] > 2 * radii[-1]
    assert circles.first.locator("title").text_content() == "Tehran (12)"
    box = page.locator(".map-svg").bounding_box()
    assert box is not None and box["width"] > 600 and 2.2 < box["width"] / box["height"] < 2.8
    browser_page.screenshot("map_demo")
    browser_page.assert_clean()


def test_browser_map_point_click_follows_href(browser_page: Any, live_server: LiveServer) -> None:
    page = open_demo(browser_page, live_server)
    with page.expect_navigation():
        page.locator(".map-points a").first.click()
    assert page.url == live_server.url + "/demo?offset=0"
    browser_page.assert_clean()


def test_browser_timeline_one_bar_per_period(browser_page: Any, live_server: LiveServer) -> None:
    page = open_demo(browser_page, live_server)
    bars = page.locator(".timeline-bar")
    assert bars.count() == len(SERIES)
    heights = [float(h) for h in bars.evaluate_all("bs => bs.map(b => b.getAttribute('height'))")]
    tallest = max(range(len(SERIES)), key=lambda i: SERIES[i]["count"])
    assert heights.index(max(heights)) == tallest
    assert heights[SERIES.index(next(s for s in SERIES if s["count"] == 0))] == 0
    assert bars.nth(tallest).locator("title").text_content() == "2025-05: 13"
    page.locator(".timeline").screenshot(path=str(browser_page.screenshot("timeline_page")))


def test_browser_csp_header_present(browser_page: Any, live_server: LiveServer) -> None:
    response = browser_page.page.goto(live_server.url + "/demo")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp


def test_browser_hostile_text_stays_inert(browser_page: Any, live_server: LiveServer) -> None:
    page = open_demo(browser_page, live_server)
    assert page.locator(".hostile").text_content().startswith("<script>alert(1)</script>")
    assert page.locator("main img").count() == 0
    # the hostile label reached the map as text, not markup
    labels = page.locator(".map-points title").all_text_contents()
    assert any("<img src=x onerror=alert(1)>" in label for label in labels)
    page.wait_for_timeout(300)
    assert browser_page.dialogs == []
    browser_page.assert_clean()


def test_browser_collector_catches_csp_violation(browser: Any, live_server: LiveServer) -> None:
    """The collector can fail: an inline script (as injected markup would be) is
    blocked by the CSP and reported, and its alert never opens."""
    from web_fixtures import open_page

    context, watched = open_page(browser)
    try:
        page = watched.page
        page.goto(live_server.url + "/demo")
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'alert(1)'; document.body.appendChild(s); }"
        )
        page.wait_for_timeout(200)
        assert watched.dialogs == []
        assert any("script-src" in v for v in watched.csp_violations())
        assert watched.problems()
    finally:
        context.close()


def test_browser_form_post_with_token_then_without(
    browser_page: Any, live_server: LiveServer
) -> None:
    page = open_demo(browser_page, live_server)
    with page.expect_navigation():
        page.locator("#write button").click()
    assert "<script>alert(1)</script>" in page.locator("body").text_content()

    page = open_demo(browser_page, live_server)
    page.locator("#write input[name=csrf_token]").evaluate("e => e.remove()")
    with page.expect_navigation():
        page.locator("#write button").click()
    assert page.locator(".error").get_attribute("data-code") == "csrf_failed"
    browser_page.screenshot("csrf_refused")
    browser_page.console_errors.clear()  # the 403 itself is logged by Chromium
