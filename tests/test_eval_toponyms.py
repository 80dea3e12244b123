from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from repwatch.errors import EvalError
from repwatch.eval import toponyms

TEXT = "Police in Rotterdam arrested two men. Later they flew to Zorblatville."
# Rotterdam is 10-19; Zorblatville 57-69 is a gold toponym the system cannot resolve.

GAZTAG = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="{id}"><title> t </title><text><![CDATA[{text}]]></text>
<toponyms>
<toponym><phrase>Rotterdam</phrase><start>{start}</start><end>{end}</end>
<gaztag geonameid="2747891"><name>Rotterdam</name><fclass>P</fclass><fcode>PPL</fcode>
<lat>51.9225</lat><lon>4.47917</lon><country geonameid="2750405">Netherlands</country>
</gaztag></toponym>
<toponym><phrase>Zorblatville</phrase><start>57</start><end>69</end></toponym>
</toponyms></article></articles>
"""

GWN = """<?xml version="1.0" ?>
<articles><article file="1"><title>t</title><link>l</link><text>{text}</text><toponyms>
<toponym><extractedName>Rotterdam</extractedName><type>Literal</type>
<start>10</start><end>19</end><geonamesID>2747891</geonamesID>
<latitude>51.9225</latitude><longitude>4.47917</longitude></toponym>
<toponym><extractedName>Police</extractedName><type>Literal_Expression</type>
<start>0</start><end>6</end><geonamesID/><latitude/><longitude/></toponym>
</toponyms></article></articles>
"""


@pytest.fixture(scope="module")
def places_nlp() -> Language:
    return toponyms.load_nlp()


@pytest.mark.parametrize(
    ("corpus", "xml", "gold"),
    [
        ("lgl", GAZTAG.format(id="a", text=TEXT, start=10, end=19), 2),
        ("tr_news", GAZTAG.format(id="a", text=TEXT, start=13, end=22), 2),  # shifted offset
        ("geowebnews", GWN.format(text=TEXT), 1),  # Literal_Expression is not a toponym
    ],
)
def test_eval_toponyms_counts(
    tmp_path: Path, places_nlp: Language, corpus: str, xml: str, gold: int
) -> None:
    path = tmp_path / "gold.xml"
    path.write_text(xml, encoding="utf-8")
    report = toponyms.evaluate(corpus, path, "all", places_nlp)
    assert (report.articles, report.gold, report.system) == (1, gold, 1)
    assert (report.exact, report.gold_overlapped, report.system_overlapping) == (1, 1, 1)
    assert (report.country_n, report.country_correct) == (1, 1)
    assert report.acc_161 == 1.0 and report.median_km < 1
    data = report.to_json()
    assert data["exact"] == {"precision": 1.0, "recall": round(1 / gold, 4),
                             "f1": round(2 / (1 + gold), 4)}  # fmt: skip


def test_eval_toponyms_split_halves(tmp_path: Path) -> None:
    path = tmp_path / "gold.xml"
    path.write_text(GAZTAG.format(id="a", text=TEXT, start=10, end=19), encoding="utf-8")
    sizes = [len(toponyms.read_gold("lgl", path, s)) for s in ("all", "dev", "test")]
    assert sizes[0] == 1 and sizes[1] + sizes[2] == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<articles><article>", "not valid XML"),
        (GAZTAG.format(id="a", text=TEXT, start="x", end=19), "numeric <start>"),
    ],
)
def test_eval_toponyms_bad_gold_names_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvalError, match=message) as info:
        toponyms.read_gold("lgl", path)
    assert "broken.xml" in str(info.value)


def test_eval_toponyms_missing_file_and_unknown_corpus(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="not found"):
        toponyms.read_gold("lgl", tmp_path / "nope.xml")
    with pytest.raises(EvalError, match="unknown toponym corpus"):
        toponyms.read_gold("conll", tmp_path / "nope.xml")
