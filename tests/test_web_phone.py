"""The pages on small screens: a phone (390x844) and a laptop (1366x768), in Debian's
Chromium, over the real store of `test_web_pages_data` served by the real app
(`repwatch.cli.serve.build_app`).

Each page must fit the viewport's width (the page itself never scrolls sideways),
every table must sit in its own scrolling wrapper (a wide table scrolls inside it,
not the page), and running text must stay at 14px or more.  Screenshots land in
test-artifacts/screenshots/ as ``phone_*.png`` and ``laptop_*.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from spacy.language import Language
from test_web_pages_data import build_store, find
from web_server import LiveServer, serve, stop

from repwatch.cli.serve import build_app

if TYPE_CHECKING:
    from web_fixtures import BrowserPage

pytest_plugins = ["web_fixtures"]

SCREENS = {"phone": (390, 844), "laptop": (1366, 768)}
MIN_TEXT_PX = 14.0
TEXT = "main p, main li, main td, main th, main dd, main dt, main blockquote, main label"

#: What each page must show, per screen: the overflow, the tables' wrappers, the
#: smallest running text (elements whose own text is not empty).
MEASURE = """() => {
  const doc = document.documentElement;
  const tables = [...document.querySelectorAll("main table")].map(t => {
    const box = t.parentElement;
    const style = getComputedStyle(box);
    return {cls: t.className, wrapper: box.className, overflowX: style.overflowX,
            boxRight: box.getBoundingClientRect().right, boxWidth: box.clientWidth,
            tableWidth: t.scrollWidth};
  });
  const small = [];
  for (const el of document.querySelectorAll(SELECTOR)) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (own && px < MIN) small.push(el.tagName + "." + el.className + " " + px + "px");
  }
  const wide = [...document.querySelectorAll("body *")]
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1
                  && !el.closest(".table-scroll"))
    .slice(0, 5).map(el => el.tagName + "." + el.className);
  return {scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, tables, small, wide,
          bodyPx: parseFloat(getComputedStyle(document.body).fontSize)};
}""".replace("SELECTOR", repr(TEXT)).replace("MIN", str(MIN_TEXT_PX))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> str:
    return build_store(tmp_path_factory.mktemp("phone") / "phone.db", nlp)


@pytest.fixture(scope="module")
def server(db: str) -> Iterator[LiveServer]:
    live = serve(build_app(db))
    yield live
    stop(live)


def paths(db: str) -> dict[str, str]:
    arrest = find(db, "arrested", country="BLR", mode="arrest")  # the lead's
    (actor,) = [a for a in (arrest.event.target, arrest.event.source) if a and a.code][:1]
    return {
        "home": "/",
        "events": "/events",
        "event": f"/events/{arrest.event.id}",
        "incidents": "/incidents",
        "article": f"/articles/{arrest.article_id}",
        "actor": f"/actors/{actor.code}",
    }


@pytest.fixture
def screen_page(browser_page: BrowserPage, request: pytest.FixtureRequest) -> BrowserPage:
    """`web_fixtures.browser_page` (which fails the test on any console error, page
    error or CSP violation) at the size of `request.param`, a key of `SCREENS`."""
    width, height = SCREENS[request.param]
    browser_page.page.set_viewport_size({"width": width, "height": height})
    return browser_page


@pytest.mark.parametrize("screen_page", list(SCREENS), indirect=True)
@pytest.mark.parametrize("name", ["home", "events", "event", "incidents", "article", "actor"])
def test_web_phone_page_fits_the_screen(
    screen_page: BrowserPage, server: LiveServer, db: str, name: str
) -> None:
    page = screen_page.page
    width = page.viewport_size["width"]
    screen = "phone" if width < 600 else "laptop"
    path = paths(db)[name]
    response = page.goto(server.url + path)
    assert response is not None and response.status == 200, path
    charts = page.eval_on_selector_all(".map-canvas, .timeline-canvas", "cs => cs.map(c => c.id)")
    for chart in charts:  # drawn by static/map.js and static/timeline.js
        page.wait_for_selector(f"#{chart}[data-ready=true]", timeout=10_000)
    found = page.evaluate(MEASURE)
    screen_page.screenshot(f"{screen}_{name}")

    assert found["scrollWidth"] <= found["innerWidth"] + 1, (path, found["wide"])
    assert found["bodyPx"] >= MIN_TEXT_PX
    assert not found["small"], (path, found["small"][:5])
    for table in found["tables"]:
        assert "table-scroll" in table["wrapper"].split(), (path, table)
        assert table["overflowX"] in ("auto", "scroll"), (path, table)
        assert table["boxRight"] <= found["innerWidth"] + 1, (path, table)


@pytest.mark.parametrize("screen_page", ["phone"], indirect=True)
def test_web_phone_wide_table_scrolls_inside_its_wrapper(
    screen_page: BrowserPage, server: LiveServer
) -> None:
    """The incidents table has eight columns: on a phone it is wider than the screen,
    and scrolls inside its wrapper while the page stays put."""
    page = screen_page.page
    page.goto(server.url + "/incidents")
    wrapper = page.locator(".table-scroll").first
    sizes = wrapper.evaluate("w => ({scroll: w.scrollWidth, client: w.clientWidth})")
    assert sizes["scroll"] > sizes["client"], sizes  # the table is wider than its box
    wrapper.evaluate("w => { w.scrollLeft = 200; }")
    assert wrapper.evaluate("w => w.scrollLeft") > 0
    assert page.evaluate("() => window.scrollX") == 0
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 391


@pytest.mark.parametrize("screen_page", ["phone"], indirect=True)
def test_web_phone_filters_and_nav_stack(screen_page: BrowserPage, server: LiveServer) -> None:
    """On a phone the filter fields stack one per line at the full width, and the map
    and timeline take the full width of the page."""
    page = screen_page.page
    page.goto(server.url + "/events")
    labels = page.locator("form.filters label")
    boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
    assert all(b is not None for b in boxes)
    lefts = {round(b["x"]) for b in boxes if b}
    assert len(lefts) == 1, lefts  # one column
    main = page.locator("main").bounding_box()
    assert main is not None
    for chart in ("figure.map", "figure.timeline"):
        box = page.locator(chart).first.bounding_box()
        assert box is not None and box["width"] >= main["width"] - 64, (chart, box, main)
    nav = page.locator("header.site").bounding_box()
    assert nav is not None and nav["width"] <= 391
