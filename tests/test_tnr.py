"""Transnational repression: origin state, host state and tactic, only across borders."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from repwatch.model import Extraction, TnrCoding


def _tnr(ex: Extraction, trigger: str) -> TnrCoding | None:
    found = [e for e in ex.events if e.trigger.text == trigger]
    assert found, f"no event at {trigger!r}: {[e.trigger.text for e in ex.events]}"
    return found[0].tnr


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Rwandan agents attacked two Rwandan exiles in Brussels.", "attacked",
         ("RWA", "BEL", "assault")),
        ("Egyptian agents killed an Egyptian dissident in Istanbul.", "killed",
         ("EGY", "TUR", "assassination")),
        ("Rwandan agents plotted to kill a Rwandan dissident in Johannesburg.", "kill",
         ("RWA", "ZAF", "assassination")),
        ("Saudi agents kidnapped a Saudi activist in Beirut and flew him to Riyadh.",
         "kidnapped", ("SAU", "LBN", "rendition")),
        ("Turkish police detained an Egyptian journalist in Istanbul at the request of Cairo.",
         "detained", ("EGY", "TUR", "detention")),
        ("Kenya deported a Ugandan opposition politician to Kampala at Uganda's request.",
         "deported", ("UGA", "KEN", "unlawful deportation")),
        ("Police in Minsk detained the parents of a Belarusian blogger who lives in Warsaw.",
         "detained", ("BLR", "POL", "coercion by proxy")),
        ("Chinese police threatened a Chinese student in Amsterdam in messages on social media.",
         "threatened", ("CHN", "NLD", "digital threats")),
        ("Belarusian authorities revoked the passport of an exiled Belarusian activist in "
         "Vilnius.", "revoked", ("BLR", "LTU", "mobility controls")),
        ("Iranian intelligence hacked the phone of an Iranian journalist in London with Pegasus "
         "spyware.", "hacked", ("IRN", "GBR", "spyware")),
    ],
)  # fmt: skip
def test_tnr_coded_across_borders(
    extract_text: Callable[[str], Extraction], text: str, trigger: str,
    expected: tuple[str, str, str],
) -> None:  # fmt: skip
    assert _tnr(extract_text(text), trigger) == TnrCoding(*expected)


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Rwandan agents attacked two Rwandan exiles in Kigali.", "attacked"),  # at home
        ("Rwandan agents did not attack the exiles in Brussels.", "attack"),  # negated
        ("Dutch police arrested two Iranian agents in Rotterdam.", "arrested"),  # host's arrest
        ("Police in Minsk detained the parents of a Belarusian blogger.", "detained"),  # no exile
        ("Chinese police threatened a Chinese student in Amsterdam.", "threatened"),  # no tactic
        (
            "Russian soldiers attacked Ukrainian villagers near Kharkiv.",
            "attacked",
        ),  # not nationals
    ],
)
def test_tnr_not_coded(extract_text: Callable[[str], Extraction], text: str, trigger: str) -> None:
    assert _tnr(extract_text(text), trigger) is None
