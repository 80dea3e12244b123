"""Typed records from their JSON: the inverse of each record's `to_json`.

The store keeps every coding as the `Extraction.to_json()` it was, and each event as
`Event.to_json()`; these functions rebuild the `repwatch.model` records from them, so
`from_json(x.to_json()) == x` for every record (a test checks it on real pipeline
output).  `Actor.entry` is not part of the JSON contract and comes back as None.

`event_json` is `event(d).to_json()` without the records in between: the same JSON,
about four times faster, for answers that only show an event's JSON (the web app's
event listing).  A test holds it to `event(d).to_json()`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from repwatch.model import (
    AcledCoding,
    Actor,
    Article,
    Claim,
    DateRef,
    Event,
    Extraction,
    Place,
    Quote,
    TextSpan,
    TnrCoding,
)

Json = dict[str, Any]


def _span(value: Any) -> tuple[int | None, int | None]:
    if value is None:
        return None, None
    return int(value[0]), int(value[1])


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def text_span(d: Json | None) -> TextSpan | None:
    if d is None:
        return None
    start, end = _span(d["span"])
    assert start is not None and end is not None
    return TextSpan(d["text"], start, end)


def actor(d: Json | None) -> Actor | None:
    if d is None:
        return None
    start, end = _span(d["span"])
    assert start is not None and end is not None
    return Actor(d["text"], start, end, d["name"], d["code"], d["country"], d["sector"])


def place(d: Json | None) -> Place | None:
    if d is None:
        return None
    start, end = _span(d.get("span"))
    return Place(
        text=d["text"], start=start, end=end, name=d["name"], country=d["country"],
        admin1=d["admin1"], lat=d["lat"], lon=d["lon"], geonameid=d["geonameid"],
        precision=d["precision"], basis=d.get("basis"),
    )  # fmt: skip


def date_ref(d: Json | None) -> DateRef | None:
    if d is None:
        return None
    start, end = _span(d.get("span"))
    first, last = _date(d["start"]), _date(d["end"])
    assert first is not None and last is not None
    return DateRef(d["text"], start, end, first, last, d["precision"], d["basis"])


def claim(d: Json | None) -> Claim | None:
    if d is None:
        return None
    return Claim(d["certainty"], actor(d["asserted_by"]), text_span(d["cue"]))


def acled(d: Json | None) -> AcledCoding | None:
    return None if d is None else AcledCoding(d["event_type"], d["sub_event_type"], d["basis"])


def tnr(d: Json | None) -> TnrCoding | None:
    return None if d is None else TnrCoding(d["origin_state"], d["host_state"], d["tactic"])


def event(d: Json) -> Event:
    trigger, sentence = text_span(d["trigger"]), text_span(d["sentence"])
    assert trigger is not None and sentence is not None
    return Event(
        id=d["id"], type=d["type"], mode=d["mode"], source=actor(d["source"]),
        target=actor(d["target"]), trigger=trigger, sentence=sentence,
        negated=bool(d["negated"]), source_basis=d["source_basis"],
        location=place(d["location"]), date=date_ref(d["date"]), claim=claim(d["claim"]),
        acled=acled(d.get("acled")), tnr=tnr(d.get("tnr")), basis=d.get("basis", "rules"),
    )  # fmt: skip


def quote(d: Json) -> Quote:
    start, end = _span(d["span"])
    assert start is not None and end is not None
    return Quote(
        id=d["id"], text=d["text"], start=start, end=end, direct=bool(d["direct"]),
        cue=text_span(d["cue"]), speaker=actor(d["speaker"]), event_ids=tuple(d["event_ids"]),
    )  # fmt: skip


def article(d: Json) -> Article:
    return Article(
        id=d["id"], text=d["text"], title=d["title"], published=_date(d["published"]),
        source=d["source"], url=d["url"], byline=d["byline"],
    )  # fmt: skip


def extraction(d: Json) -> Extraction:
    places = [place(p) for p in d["places"]]
    actors = [actor(a) for a in d["actors"]]
    return Extraction(
        article=article(d["article"]),
        events=[event(e) for e in d["events"]],
        actors=[a for a in actors if a is not None],
        places=[p for p in places if p is not None],
        quotes=[quote(q) for q in d["quotes"]],
        extractor=d["article"].get("extractor", ""),
    )


# -- JSON to canonical JSON: `event(d).to_json()`, without building the records --------------


def _text_span_json(d: Json | None) -> Json | None:
    if d is None:
        return None
    start, end = _span(d["span"])
    assert start is not None and end is not None
    return {"text": d["text"], "span": [start, end]}


def _actor_json(d: Json | None) -> Json | None:
    if d is None:
        return None
    start, end = _span(d["span"])
    assert start is not None and end is not None
    return {"text": d["text"], "span": [start, end], "name": d["name"], "code": d["code"],
            "country": d["country"], "sector": d["sector"]}  # fmt: skip


def _place_json(d: Json | None) -> Json | None:
    if d is None:
        return None
    start, end = _span(d.get("span"))
    out = {
        "text": d["text"], "span": [start, end] if start is not None else None,
        "name": d["name"], "country": d["country"], "admin1": d["admin1"], "lat": d["lat"],
        "lon": d["lon"], "geonameid": d["geonameid"], "precision": d["precision"],
    }  # fmt: skip
    if d.get("basis") is not None:
        out["basis"] = d["basis"]
    return out


def _date_json(d: Json | None) -> Json | None:
    if d is None:
        return None
    start, end = _span(d.get("span"))
    first, last = _date(d["start"]), _date(d["end"])
    assert first is not None and last is not None
    return {"text": d["text"], "span": [start, end] if start is not None else None,
            "start": first.isoformat(), "end": last.isoformat(),
            "precision": d["precision"], "basis": d["basis"]}  # fmt: skip


def _claim_json(d: Json | None) -> Json | None:
    if d is None:
        return None
    return {"certainty": d["certainty"], "asserted_by": _actor_json(d["asserted_by"]),
            "cue": _text_span_json(d["cue"])}  # fmt: skip


def event_json(d: Json) -> Json:
    """`event(d).to_json()`, built from `d` directly."""
    a, t = d.get("acled"), d.get("tnr")
    return {
        "id": d["id"], "type": d["type"], "mode": d["mode"],
        "source": _actor_json(d["source"]), "target": _actor_json(d["target"]),
        "trigger": _text_span_json(d["trigger"]), "sentence": _text_span_json(d["sentence"]),
        "negated": bool(d["negated"]), "source_basis": d["source_basis"],
        "basis": d.get("basis", "rules"),
        "location": _place_json(d["location"]), "date": _date_json(d["date"]),
        "claim": _claim_json(d["claim"]),
        "acled": None if a is None else {"event_type": a["event_type"],
                                         "sub_event_type": a["sub_event_type"],
                                         "basis": a["basis"]},
        "tnr": None if t is None else {"origin_state": t["origin_state"],
                                       "host_state": t["host_state"], "tactic": t["tactic"]},
    }  # fmt: skip
