"""Events made by constructions and framing (issue #4): deontic clauses, ending a
restriction, intent carried by the verb of a nominal trigger, negated agreement,
withdrawn involvement, container nouns and purpose clauses."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from repwatch.model import Extraction


def _events(result: Extraction) -> list[tuple[str, str | None, str | None]]:
    return [
        (e.type, e.source.code if e.source else None, e.target.code if e.target else None)
        for e in result.events
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a deontic clause under a speech verb is a REQUEST, trigger word or not
        (
            "Norway declared that Ghana must release the jailed reporters.",
            ("REQUEST", "NOR", "GHA"),
        ),
        # ... also when the clause hangs off the spoken noun; "it" is the addressee
        (
            "The Kenyan president issued a warning to Uganda that it should close the border.",
            ("REQUEST", "KENGOV", "UGA"),
        ),
        # ending a restriction: CONCEDE, or RETREAT for a curfew (PLOVER 2021, CAMEO 0813)
        ("Spain relaxed restrictions on foreign journalists.", ("CONCEDE", "ESP", "MED")),
        ("Chile lifted the ban on opposition rallies.", ("CONCEDE", "CHL", "CHLOPP")),
        ("Peru lifted the curfew in Cusco.", ("RETREAT", "PER", "PER")),
        # "will" on the verb whose object is the trigger: intent to give aid is AGREE
        ("Japan will give Nepal a loan.", ("AGREE", "JPN", "NPL")),
        # a negated agreement is a rejection
        ("Syria will not accept the proposal.", ("REJECT", "SYR", None)),
        # an announced withdrawal of observers threatens to halt involvement ...
        (
            "Denmark announced that it will withdraw its observers from Sudan.",
            ("THREATEN", "DNK", "SDN"),
        ),
        # ... a withdrawal of troops is intent to de-escalate; it targets the place left
        (
            "Denmark announced that it will withdraw its troops from Sudan.",
            ("AGREE", "DNK", "SDN"),
        ),
        # a noun that packages another: "a mediation effort between X and Y"
        (
            "Egyptian diplomats began a mediation effort between Mali and Niger.",
            ("CONSULT", "EGYGOV", "MLI"),
        ),
        # refusing work in protest is a protest
        ("Tunisian workers refused work to protest the new law.", ("PROTEST", "TUNLAB", None)),
        # reinforcing forces is MOBILIZE; its own forces are not its target
        ("Turkey strengthened its forces near the border.", ("MOBILIZE", "TUR", None)),
    ],
)
def test_events_construction_coded(
    extract_text: Callable[[str], Extraction],
    sentence: str,
    expected: tuple[str, str | None, str | None],
) -> None:
    assert expected in _events(extract_text(sentence))


def test_events_undo_verb_without_restriction_is_not_concession(
    extract_text: Callable[[str], Extraction],
) -> None:
    types = [t for t, _, _ in _events(extract_text("The tailor shortened the trousers."))]
    assert "CONCEDE" not in types and "RETREAT" not in types


def test_events_deontic_clause_needs_a_speech_verb(
    extract_text: Callable[[str], Extraction],
) -> None:
    types = [t for t, _, _ in _events(extract_text("Ghana must build more schools."))]
    assert "REQUEST" not in types


def test_events_deontic_request_suppresses_the_demanded_event(
    extract_text: Callable[[str], Extraction],
) -> None:
    result = extract_text("France said that Iran must stop arresting journalists.")
    assert [t for t, _, _ in _events(result)] == ["REQUEST"]
