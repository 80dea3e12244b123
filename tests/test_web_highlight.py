"""`repwatch.web.highlight`: cutting text at span boundaries (nested, overlapping,
out of range, hostile) and choosing an event's context."""

from __future__ import annotations

import re
from html import unescape as html_unescape

import pytest
from jinja2 import Environment

from repwatch.web.highlight import Segment, Span, context, highlight
from repwatch.web.templating import environment

TEXT = "Police in Minsk arrested two journalists on Monday, their lawyer said."


def pieces(segments: list[Segment]) -> list[tuple[str, tuple[str, ...]]]:
    return [(s.text, s.kinds) for s in segments]


def test_highlight_plain_text_is_one_segment() -> None:
    assert pieces(highlight(TEXT, [])) == [(TEXT, ())]
    assert highlight("", []) == []


def test_highlight_nested_spans_innermost_first() -> None:
    spans = [Span(0, 15, "hl-source"), Span(10, 15, "hl-place"), Span(16, 24, "hl-trigger")]
    assert pieces(highlight(TEXT, spans))[:4] == [
        ("Police in ", ("hl-source",)),
        ("Minsk", ("hl-place", "hl-source")),
        (" ", ()),
        ("arrested", ("hl-trigger",)),
    ]


def test_highlight_crossing_spans_cut_at_every_boundary() -> None:
    # "in Minsk arrested" (quote) crosses "Minsk" .. "arrested" (trigger at 16)
    spans = [Span(7, 24, "hl-quote", "q"), Span(10, 15, "hl-place", "p"), Span(0, 9, "hl-source")]
    got = highlight(TEXT, spans)
    assert pieces(got)[:5] == [
        ("Police ", ("hl-source",)),
        ("in", ("hl-source", "hl-quote")),
        (" ", ("hl-quote",)),
        ("Minsk", ("hl-place", "hl-quote")),
        (" arrested", ("hl-quote",)),
    ]
    assert got[3].title == "p; q" and got[3].css == "hl-place hl-quote"


@pytest.mark.parametrize(
    "spans",
    [
        [Span(0, 15, "hl-source"), Span(10, 15, "hl-place"), Span(16, 24, "hl-trigger")],
        [Span(5, 30, "a"), Span(10, 20, "b"), Span(15, 40, "c"), Span(15, 40, "c")],
        [Span(-5, 3, "a"), Span(60, 500, "b"), Span(8, 8, "empty"), Span(9, 4, "backwards")],
    ],
)
def test_highlight_segments_rejoin_into_the_text(spans: list[Span]) -> None:
    got = highlight(TEXT, spans)
    assert "".join(s.text for s in got) == TEXT
    assert all(s.text == TEXT[s.start : s.end] and s.start < s.end for s in got)
    assert all(a.end == b.start for a, b in zip(got, got[1:], strict=False))
    assert all(len(set(s.kinds)) == len(s.kinds) for s in got)  # a kind once per segment


def test_highlight_spans_outside_the_text_are_clipped_or_dropped() -> None:
    got = highlight("abcdef", [Span(-3, 2, "x"), Span(4, 99, "y"), Span(3, 3, "z")])
    assert pieces(got) == [("ab", ("x",)), ("cd", ()), ("ef", ("y",))]


def test_highlight_offset_keeps_article_offsets() -> None:
    article = "Headline\n\n" + TEXT
    start = article.index("Police")
    got = highlight(article[start:], [Span(start + 16, start + 24, "hl-trigger")], offset=start)
    (trigger,) = [s for s in got if s.kinds]
    assert (trigger.text, trigger.start) == ("arrested", start + 16)
    assert article[trigger.start : trigger.end] == "arrested"


HOSTILE = (
    "x <script>alert(1)</script> <img src=x onerror=alert(1)> "
    '<a href="javascript:alert(1)">l</a> &amp; "q" \'s'
)


def render(env: Environment, segments: list[Segment]) -> str:
    source = '{% from "components/highlighted.html" import highlighted %}{{ highlighted(s) }}'
    return env.from_string(source).render(s=segments)


def test_highlight_hostile_text_is_escaped_in_every_piece() -> None:
    start = HOSTILE.index("<script>")
    spans = [Span(start, start + 14, "hl-trigger", "<b>label</b>"), Span(0, 40, "hl-quote")]
    got = highlight(HOSTILE, spans)
    assert "".join(s.text for s in got) == HOSTILE  # the function keeps the text as is
    html = render(environment(), got)
    assert "<script" not in html and "<img" not in html and "<a " not in html
    text = re.sub(r"</?mark[^>]*>", "", html)
    assert html_unescape(text) == HOSTILE and "<" not in text and '"' not in text
    assert 'title="&lt;b&gt;label&lt;/b&gt;' in html  # labels are escaped too
    assert "&amp;amp;" in html  # an entity in the text stays text
    assert 'title=""' not in html
    assert html.count("<mark ") == sum(1 for s in got if s.kinds)


def test_highlight_context_is_the_paragraph() -> None:
    article = f"Headline\n\nDateline text. {TEXT}\n\nNext paragraph."
    start = article.index("Police")
    first, last = context(article, start, start + len(TEXT) + 2)  # sentence with "\n\n"
    assert article[first:last] == f"Dateline text. {TEXT}"


def test_highlight_context_of_a_long_paragraph_is_two_sentences_either_side() -> None:
    before = " ".join(f"Sentence {i} is here." for i in range(60))
    after = " ".join(f"Later {i} follows." for i in range(60))
    article = f"{before} {TEXT} {after}"
    start = article.index("Police")
    first, last = context(article, start, start + len(TEXT), longest=500)
    assert article[first:last] == (
        f"Sentence 58 is here. Sentence 59 is here. {TEXT} Later 0 follows. Later 1 follows."
    )
