"""Merging event reports into incidents (repwatch.incidents.merge, compat,
contradictions, placenames).  Every report is built by hand; no pipeline runs."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace

import pytest

from repwatch.incidents import compat
from repwatch.incidents.merge import merge, outlet
from repwatch.model import Actor, Claim, DateRef, Event, Place, TextSpan
from repwatch.store.base import StoredEvent

DAY = dt.date(2024, 3, 12)
MINSK = Place("Minsk", 0, 5, "Minsk", "BLR", "Minsk City", 53.90, 27.57, 625144, "city", "syntax")
# about 15 km from Minsk; 270 km away
ZASLAWYE = Place("Zaslawye", 0, 8, "Zaslawye", "BLR", "Minsk", 54.01, 27.27, 1, "city", "syntax")
HRODNA = Place("Hrodna", 0, 6, "Hrodna", "BLR", "Grodnenskaya", 53.68, 23.83, 2, "city", "syntax")
BELARUS = Place(None, None, None, "Belarus", "BLR", None, None, None, None, "country", "actor")
VILNIUS = Place("Vilnius", 0, 7, "Vilnius", "LTU", "Vilnius", 54.69, 25.28, 3, "city", "syntax")
# a city that bears its province's name: "near Nevelske, Donetsk" is put at the city
DONETSK = Place("Donetsk", 0, 7, "Donetsk", "UKR", "Donetsk", 48.02, 37.80, 709717, "city",
                "syntax")  # fmt: skip
WEST_BENGAL = Place("West Bengal", 0, 11, "West Bengal", "IND", None, 23.0, 87.9, None, "admin1",
                    "context")  # fmt: skip


def actor(
    code: str | None, country: str | None, sector: str | None, entry: str | None = None
) -> Actor:
    return Actor("x", 0, 1, "x", code, country, sector, entry)


POLICE = actor("BLRCOP", "BLR", "COP")
KGB = actor("BLRSPY", "BLR", "SPY")
JOURNALIST = actor("BLRMED", "BLR", "MED")
ACTIVIST = actor("BLROPP", "BLR", "OPP")


def date(first: dt.date = DAY, basis: str = "explicit", last: dt.date | None = None) -> DateRef:
    return DateRef(None if basis == "published" else "x", None, None, first, last or first,
                   "day" if last is None else "range", basis)  # fmt: skip


def report(n: int, article: int | None = None, *, type: str = "COERCE", mode: str | None = "arrest",
           source: Actor | None = POLICE, target: Actor | None = JOURNALIST,
           place: Place | None = MINSK, when: DateRef | None = None, sentence: str = "x",
           negated: bool = False, certainty: str = "asserted", url: str | None = None,
           published: dt.date | None = DAY,
           source_basis: str = "syntax") -> StoredEvent:  # fmt: skip
    span = TextSpan(sentence, 0, len(sentence))
    event = Event(f"ev-{n:02d}", type, mode, source, target, TextSpan("x", 0, 1), span,
                  negated, source_basis, place, when if when is not None else date(),
                  Claim(certainty, None, None))  # fmt: skip
    return StoredEvent(event, n if article is None else article, "rules", None, url, published)


def merged(*reports: StoredEvent) -> list[tuple[str, ...]]:
    return [inc.event_ids for inc in merge(list(reports))]


# ---- what merges


@pytest.mark.parametrize(
    ("b", "why"),
    [
        (report(2), "identical"),
        (report(2, source=KGB), "police and KGB are both the state"),
        (report(2, source=None), "one source missing, targets match"),
        (report(2, mode=None), "one mode missing"),
        (report(2, place=ZASLAWYE), "15 km away"),
        (report(2, when=date(basis="relative")), "weekday resolved to the same day"),
        (report(2, certainty="alleged"), "alleged is still a report of an event"),
        (report(2, when=date(DAY + dt.timedelta(days=1), "published")), "undated, out next day"),
    ],
)
def test_incidents_merge_joins_compatible_reports(b: StoredEvent, why: str) -> None:
    assert merged(report(1), b) == [("ev-01", "ev-02")], why


@pytest.mark.parametrize(
    ("b", "why"),
    [
        (report(2, article=1), "same article"),
        (report(2, type="ASSAULT", mode=None), "another type"),
        (report(2, mode="deport"), "another mode"),
        (report(2, target=ACTIVIST), "journalist vs activist"),
        (report(2, source=actor("RUSCOP", "RUS", "COP")), "another country's police"),
        (report(2, source=None, target=None), "no actors"),
        (report(2, source=POLICE, target=None, source_basis="implicit"), "implicit source only"),
        (report(2, place=HRODNA), "270 km apart"),
        (report(2, place=VILNIUS), "another country"),
        (report(2, place=BELARUS, target=None), "country-level place, one actor"),
        (report(2, place=None, when=date(basis="published")), "no place, publication date"),
        (report(2, when=date(DAY + dt.timedelta(days=1))), "the next day"),
        (report(2, when=date(DAY + dt.timedelta(days=3), "published")), "published 3 days later"),
        (report(2, when=date(DAY, last=DAY + dt.timedelta(days=30))), "a month-long window"),
        (report(2, negated=True), "negated"),
        (report(2, certainty="hypothetical"), "hypothetical"),
        (
            report(
                2,
                target=actor("BLROPP", "BLR", "OPP", "person:a"),
            ),
            "different named people",
        ),
    ],
)
def test_incidents_merge_keeps_incompatible_reports_apart(b: StoredEvent, why: str) -> None:
    a = (
        report(1, target=actor("BLROPP", "BLR", "OPP", "person:b"))
        if "people" in why
        else report(1)
    )
    assert merged(a, b) == [], why


def test_incidents_merge_country_place_merges_when_both_actors_match() -> None:
    assert merged(report(1), report(2, place=BELARUS)) == [("ev-01", "ev-02")]


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        ("shelled positions near Nevelske, Minsk", "shelled positions near Pisky, Minsk", True),
        ("detained him in Minsk", "arrested him in Minsk on Monday", False),
        ("detained him in Evin prison in Minsk", "arrested him in Minsk", False),
        ("detained him in Minsk, Belarus", "arrested him in Minsk", False),
        ("police in the Belarusian capital arrested him", "arrested him in Minsk", False),
        ("protested in Minsk", "protested in Zaslawye and Minsk", False),
        ("protested in Pinsk and Minsk", "protested in Zaslawye and Minsk", True),
    ],
)
def test_incidents_merge_refuses_different_unknown_place_names(a: str, b: str, apart: bool) -> None:
    got = merged(report(1, sentence=a), report(2, sentence=b))
    assert (got == []) is apart


UKR_ARMY = actor("UKRMIL", "UKR", "MIL")
REBELS = actor("UKRREB", "UKR", "REB")


def clash(
    n: int, sentence: str, place: Place = DONETSK, target: Actor | None = REBELS
) -> StoredEvent:
    return report(n, type="ASSAULT", mode=None, source=UKR_ARMY, target=target, place=place,
                  sentence=sentence)  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b", "apart", "why"),
    [
        ("fired at militia positions in the area of Pisky, Donetsk.",
         "fired at militia positions in the area of Donetsk Airport.", True,
         "different villages, both put at the province's city"),
        ("fired at militia positions near Donetsk.", "fired at militia positions near Donetsk.",
         True, "fighting needs a city, and Donetsk is also the province"),
        ("operations in Herat, Farah, Nimroz, and Helmand provinces.",
         "operations in Herat, Farah, Nimroz, and Helmand provinces.", True,
         "a sentence naming several provinces"),
    ],
)  # fmt: skip
def test_incidents_merge_refuses_fighting_in_one_province(a: str, b: str, apart: bool,
                                                          why: str) -> None:  # fmt: skip
    got = merged(clash(1, a), clash(2, b))
    assert (got == []) is apart, why


def test_incidents_merge_province_named_city_is_only_its_province() -> None:
    assert compat.as_province(DONETSK) and not compat.as_province(MINSK)
    # one actor side and a province-named city: too little to merge
    one = clash(1, "shelled Bara in Donetsk.", target=None)
    two = clash(2, "shelled Bara in Donetsk.", target=None)
    assert merged(one, two) == []
    assert merged(report(1, target=None), report(2, target=None)) == [("ev-01", "ev-02")]


def test_incidents_merge_needs_a_place() -> None:
    # both actors match, same day, but the province comes from outside the sentence
    police, mp = actor("INDCOP", "IND", "COP"), actor("INDLEG", "IND", "LEG")
    a = report(1, place=WEST_BENGAL, source=police, target=mp, sentence="Police arrested the MP.")
    b = replace(a, article_id=2, event=replace(a.event, id="ev-02"))
    assert merged(a, b) == []
    assert merged(report(1, place=None), report(2, place=None)) == []


def test_incidents_merge_is_complete_linkage_not_a_chain() -> None:
    # 1~2 and 2~3, but 1 and 3 are 30 km apart... within MAX_KM; use dates instead:
    # 2 is undated (publication window covers 1 and 3), 1 and 3 are two days apart
    one = report(1, when=date(DAY))
    two = report(2, when=date(DAY + dt.timedelta(days=2), "published"))
    three = report(3, when=date(DAY + dt.timedelta(days=2)))
    got = merged(one, two, three)
    assert len(got) == 1 and len(got[0]) == 2  # never all three


def test_incidents_merge_does_not_depend_on_input_order() -> None:
    reports = [report(1), report(2, source=KGB), report(3, place=ZASLAWYE),
               report(4, when=date(DAY + dt.timedelta(days=2), "published")),
               report(5, target=ACTIVIST), report(6, target=ACTIVIST)]  # fmt: skip
    results = {tuple(merge(list(p))) for p in itertools.permutations(reports)}
    assert len(results) == 1
    assert [i.event_ids for i in results.pop()] == [("ev-01", "ev-02", "ev-03", "ev-04"),
                                                    ("ev-05", "ev-06")]  # fmt: skip


# ---- what an incident shows


def test_incidents_merge_counts_distinct_outlets_and_earliest_report() -> None:
    reports = [
        report(1, url="https://www.wire.example/a", published=DAY + dt.timedelta(days=1)),
        report(2, url="https://wire.example/b", published=DAY),
        report(3, url=None, published=None),
    ]
    (incident,) = merge(reports)
    assert incident.sources == 2 and incident.earliest == DAY
    assert (incident.first, incident.last, incident.country) == (DAY, DAY, "BLR")
    assert incident.type == "COERCE" and incident.id == 0


@pytest.mark.parametrize(
    ("url", "article", "expected"),
    [("https://www.wire.example/x", 3, "wire.example"), (None, 3, "article:3"),
     ("not a url", 4, "article:4")],
)  # fmt: skip
def test_incidents_merge_outlet_is_host_else_article(
    url: str | None, article: int, expected: str
) -> None:
    assert outlet(report(1, article=article, url=url)) == expected


@pytest.mark.parametrize(
    ("b", "field", "values"),
    [
        (report(2, sentence="Police shot the crowd, killing 5 people."), "deaths", ("3", "5")),
        (report(2, when=date(DAY + dt.timedelta(days=1), "relative"), sentence="x"), None, ()),
        (report(2, place=ZASLAWYE), "place", ("Minsk", "Zaslawye")),
    ],
)
def test_incidents_merge_lists_contradictions(
    b: StoredEvent, field: str | None, values: tuple[str, ...]
) -> None:
    a = report(1, sentence="Three people were killed.")
    incidents = merge([a, b])
    if field is None:  # a day apart never merges (WINDOW_DAYS = 0), so nothing to list
        assert incidents == []
        return
    (incident,) = incidents
    found = {c.field: c for c in incident.contradictions}
    assert found[field].values == values
    assert set(found[field].event_ids) <= {"ev-01", "ev-02"} and found[field].event_ids


def test_incidents_merge_lists_date_contradiction_within_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(compat, "WINDOW_DAYS", 1)
    b = report(2, when=date(DAY + dt.timedelta(days=1), "relative"))
    (incident,) = merge([report(1), b])
    (c,) = incident.contradictions
    assert (c.field, c.values, c.event_ids) == (
        "date",
        ("2024-03-12", "2024-03-13"),
        ("ev-01", "ev-02"),
    )


def test_incidents_merge_agreeing_reports_have_no_contradictions() -> None:
    a = report(1, sentence="Three people were killed.")
    b = report(2, sentence="The attack killed three.", when=date(basis="published"))
    (incident,) = merge([a, b])
    assert incident.contradictions == ()


def test_incidents_merge_single_reports_are_not_incidents() -> None:
    assert merge([report(1), report(2, target=ACTIVIST)]) == []
    assert merge([]) == []


def test_incidents_merge_same_event_twice_counts_once() -> None:
    assert merge([report(1), replace(report(1))]) == []
