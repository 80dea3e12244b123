"""Templates: autoescaping everywhere, the legend's colours, the components."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from repwatch.store.base import EventQuery
from repwatch.web.paging import paging
from repwatch.web.templating import HIGHLIGHTS, environment

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>']
CSS = Path(__file__).resolve().parents[1] / "repwatch" / "web" / "static" / "app.css"


def render(source: str, **context: Any) -> str:
    env = environment()
    return env.from_string(source).render(csrf_token="t", site_title="repwatch", **context)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_templates_autoescape_text_and_attributes(hostile: str) -> None:
    html = render('<p title="{{ s }}">{{ s }}</p>', s=hostile)
    assert hostile not in html
    assert "<script>" not in html and "<img" not in html and "<svg" not in html
    assert "&lt;" in html


@pytest.mark.parametrize("name", ["page.html", "note.txt", "data.json", "x.svg"])
def test_templates_autoescape_for_every_template_name(name: str) -> None:
    env = environment()
    assert env.autoescape is True or env.autoescape(name)  # type: ignore[operator]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_templates_error_page_escapes_message(hostile: str) -> None:
    error = {"status": 400, "code": "bad_filter", "message": hostile}
    html = (
        environment()
        .get_template("error.html")
        .render(error=error, csrf_token="t", site_title="repwatch")
    )
    assert hostile not in html and "&lt;" in html


def test_templates_json_block_cannot_close_its_script() -> None:
    source = (
        '{% from "components/charts.html" import world_map %}'
        "{{ world_map(points, caption=caption) }}"
    )
    points = [{"lat": 1, "lon": 2, "label": "</script><script>alert(1)</script>", "href": "/"}]
    html = render(source, points=points, caption=HOSTILE[1])
    block = html.split('<script type="application/json" id="map-data">')[1].split("</script>")[0]
    assert "alert(1)" in block and "<" not in block
    assert HOSTILE[1] not in html


def test_templates_filter_form_keeps_values_escaped() -> None:
    source = '{% from "components/filters.html" import filter_form %}{{ filter_form(q) }}'
    q = EventQuery(type="COERCE", actor=HOSTILE[2], certainty="alleged")
    html = render(source, q=q)
    assert '<option value="COERCE" selected>' in html
    assert '<option value="alleged" selected>' in html
    assert HOSTILE[2] not in html and 'value="&#34;&gt;&lt;svg' in html


def test_templates_paging_links() -> None:
    source = '{% from "components/paging.html" import paging as p %}{{ p(pg) }}'
    html = render(source, pg=paging("/events?type=COERCE", 50, 50, 120))
    assert 'href="/events?type=COERCE&amp;limit=50&amp;offset=0"' in html
    assert 'href="/events?type=COERCE&amp;limit=50&amp;offset=100"' in html
    assert "51&ndash;100 of 120" in html
    last = render(source, pg=paging("/events", 100, 50, 120))
    assert 'rel="next"' not in last and "101&ndash;120 of 120" in last


def _hex(colour: str) -> tuple[float, float, float]:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return r, g, b


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def highlight_backgrounds() -> dict[str, str]:
    css = CSS.read_text(encoding="utf-8")
    found = re.findall(r"\.(hl-[a-z]+) \{ background: (#[0-9a-f]{6});", css)
    return dict(found)


def test_templates_legend_lists_every_highlight() -> None:
    html = render('{% from "components/legend.html" import legend %}{{ legend() }}')
    for css, label in HIGHLIGHTS:
        assert f'<mark class="{css}">{label}</mark>' in html
    assert [label for _, label in HIGHLIGHTS] == [
        "trigger", "source", "target", "place", "date", "claim cue"
    ]  # fmt: skip


def test_templates_legend_colours_distinct_and_readable() -> None:
    colours = highlight_backgrounds()
    assert set(colours) == {css for css, _ in HIGHLIGHTS}
    assert len(set(colours.values())) == len(colours)
    for css, colour in colours.items():
        assert contrast(colour, "#111827") >= 7, css  # WCAG AAA for the marked text
    values = list(colours.values())
    for i, a in enumerate(values):
        for b in values[i + 1 :]:
            distance = sum(abs(x - y) for x, y in zip(_hex(a), _hex(b), strict=True))
            assert distance > 0.15, (a, b)


def test_templates_contrast_helper_can_fail() -> None:
    assert contrast("#777777", "#888888") < 1.5
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
