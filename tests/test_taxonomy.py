"""The taxonomy stage: ACLED codings by rules, the learned classifier's seam and policy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from spacy.language import Language

from repwatch.errors import ResourceError, SettingError
from repwatch.model import ACLED_TYPE_OF, AcledCoding, Event, Extraction
from repwatch.nlp import taxonomy
from repwatch.nlp.lexicon import load as load_lexicon

RULES_ONLY = "2"  # a threshold above 1: no guess is ever probable enough


@pytest.fixture()
def rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPWATCH_ACLED_MODEL_THRESHOLD", RULES_ONLY)


def _event(ex: Extraction, trigger: str) -> Event:
    found = [e for e in ex.events if e.trigger.text == trigger]
    assert found, f"no event at {trigger!r}: {[e.trigger.text for e in ex.events]}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "trigger", "sub"),
    [
        ("Hundreds of nurses marched through Nairobi on Monday.", "marched", "Peaceful protest"),
        ("Youths rioted in Kisumu after the vote.", "rioted", "Violent demonstration"),
        ("Police arrested a prominent lawyer in Harare.", "arrested", "Arrests"),
        ("Police arrested forty protesters in Harare.", "arrested", "Protest with intervention"),
        ("Riot police fired tear gas at students who marched in Dhaka.", "fired",
         "Protest with intervention"),
        ("Soldiers shot dead three demonstrators at a rally in Khartoum.", "shot",
         "Excessive force against protesters"),
        ("Gunmen abducted two aid workers near Gao.", "abducted",
         "Abduction/forced disappearance"),
        ("A roadside bomb killed four soldiers near Kandahar.", "killed",
         "Remote explosive/landmine/IED"),
        ("An airstrike by the army killed six villagers near Idlib.", "killed",
         "Air/drone strike"),
        ("The army shelled rebel positions near Donetsk.", "shelled",
         "Shelling/artillery/missile attack"),
        ("Malian soldiers fought rebels near Kidal.", "fought", "Armed clash"),
        ("Militants attacked a bus carrying civilians near Mandera.", "attacked", "Attack"),
        ("The two factions signed a ceasefire agreement in Juba.", "signed", "Agreement"),
        ("The sexual assault of a girl by soldiers near Goma was reported on Friday.", "assault",
         "Sexual violence"),
        ("Rebels looted shops in Bunia.", "looted", "Looting/property destruction"),
        # weapons found or made safe, ground taken, bases, defections, bodies, nominal fire
        ("Soldiers discovered a large cache of rifles in a barn near Garissa.", "discovered",
         "Disrupted weapons use"),
        ("Troops found a stash of ammunition buried beside the road.", "found",
         "Disrupted weapons use"),
        ("Police defused a bomb outside the court in Mombasa.", "defused",
         "Disrupted weapons use"),
        ("Government troops recaptured the town of Tessit on Sunday.", "recaptured",
         "Government regains territory"),
        ("Rebels have taken over four villages near Beni.", "taken",
         "Non-state actor overtakes territory"),
        ("Russian forces set up a new base near the airport of Qamishli.", "set",
         "Headquarters or base established"),
        ("Forty fighters defected to the army near Malakal.", "defected",
         "Change to group/activity"),
        ("The body of a trader was found near the market in Juba.", "found", "Attack"),
        ("Residents reported an exchange of fire near the checkpoint at Tal Abyad.", "exchange",
         "Armed clash"),
        ("Demonstrators gathered outside the ministry in Lusaka.", "gathered",
         "Peaceful protest"),
        ("Unknown men vandalised the offices of a newspaper in Kampala.", "vandalised",
         "Looting/property destruction"),
        ("Witnesses said shoot-outs took place in two districts of Recife.", "outs", "Attack"),
    ],
)  # fmt: skip
def test_taxonomy_acled_rules(
    rules_only: None, extract_text: Callable[[str], Extraction], text: str, trigger: str, sub: str
) -> None:
    event = _event(extract_text(text), trigger)
    assert event.acled == AcledCoding(ACLED_TYPE_OF[sub], sub, "rules")


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("The foreign minister condemned the crackdown.", "condemned"),
        ("The two presidents met in Geneva.", "met"),
        ("The minister pledged to build more schools.", "pledged"),
        ("Rights groups urged the government to free the journalists.", "urged"),
        ("The police did not arrest anyone.", "arrest"),  # negated
        ("The court sentenced the activist to ten years.", "sentenced"),  # a court step
        ("Customs officers found a large amount of cash in the car.", "found"),  # no weapon
    ],
)
def test_taxonomy_no_acled_event(
    rules_only: None, extract_text: Callable[[str], Extraction], text: str, trigger: str
) -> None:
    assert _event(extract_text(text), trigger).acled is None


@pytest.mark.parametrize(
    "text",
    [
        "She took over as chair of the bank in March.",  # "take over" needs ground taken
        "Auditors found errors in the budget.",  # "find" needs a weapon or a body
        "Fans gathered outside the stadium.",  # a gathering needs protesters
    ],
)
def test_taxonomy_ordinary_verbs_are_no_events(
    rules_only: None, extract_text: Callable[[str], Extraction], text: str
) -> None:
    assert extract_text(text).events == []


def test_taxonomy_protest_about_a_killing_is_peaceful(
    rules_only: None, extract_text: Callable[[str], Extraction]
) -> None:
    ex = extract_text("Students marched in Dhaka to protest the killing of a classmate by police.")
    event = _event(ex, "marched")
    assert event.acled is not None and event.acled.sub_event_type == "Peaceful protest"


def test_taxonomy_rules_cover_every_lexicon_type_and_mode() -> None:
    """Every (type, mode) the events stage can emit meets a row written for it."""
    rules = taxonomy.load_rules()
    pairs = {(t.type, t.mode or "") for ts in load_lexicon().by_lemma.values() for t in ts}
    uncovered = [
        p for p in sorted(pairs)
        if not any(r.type == p[0] and (r.modes is None or p[1] in r.modes) for r in rules)
    ]  # fmt: skip
    assert uncovered == []


def test_taxonomy_rules_spell_acled_sub_event_types() -> None:
    subs = {r.sub for r in taxonomy.load_rules() if r.sub is not None}
    assert subs <= set(ACLED_TYPE_OF)
    assert {"Peaceful protest", "Arrests", "Armed clash", "Attack"} <= subs


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("ASSAULT\t*\t*\t*\t*\tAirstrike\tmisspelled", "sub-event"),
        ("PUNCH\t*\t*\t*\t*\tAttack\tnot PLOVER", "PLOVER"),
        ("ASSAULT\t*\t*\t@nobody\t*\tAttack\tno such group", "group"),
        ("ASSAULT\t*\t*\tXYZ\t*\tAttack\tno such sector", "sector"),
        ("ASSAULT\t*\t*\t*\tAttack", "columns"),
    ],
)
def test_taxonomy_bad_rule_row_raises(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "rules.tsv"
    path.write_text("type\tmode\twords\tsource\ttarget\tsub\twhy\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=message):
        taxonomy.load_rules(path)


@dataclass(frozen=True)
class FakeGuess:
    sub_event_type: str
    probability: float


RULES = AcledCoding("Protests", "Peaceful protest", "rules")


@pytest.mark.parametrize(
    ("rules", "guess", "expected"),
    [
        (RULES, FakeGuess("Protest with intervention", 0.9),
         AcledCoding("Protests", "Protest with intervention", "model")),
        (RULES, FakeGuess("Mob violence", 0.5), AcledCoding("Riots", "Mob violence", "model")),
        (RULES, FakeGuess("Mob violence", 0.49), RULES),  # below the threshold
        (RULES, None, RULES),  # no model
        (RULES, FakeGuess("Street party", 0.99), RULES),  # not an ACLED sub-event type
        (None, FakeGuess("Attack", 0.99), None),  # a verbal event stays outside ACLED
    ],
)  # fmt: skip
def test_taxonomy_decide_policy(
    rules: AcledCoding | None, guess: FakeGuess | None, expected: AcledCoding | None
) -> None:
    assert taxonomy.decide(rules, guess, 0.5) == expected


class FakeModel:
    version = "fake-1"

    def __init__(self, sub: str, probability: float) -> None:
        self.calls: list[list[str]] = []
        self.guess = FakeGuess(sub, probability)

    def predict(self, texts: list[str]) -> list[FakeGuess]:
        self.calls.append(list(texts))
        return [self.guess for _ in texts]


ARTICLE = (
    "Traders in Lagos\n\n"
    "Hundreds of traders marched in Lagos on Monday. Police arrested a prominent lawyer.\n\n"
    "The governor condemned the police chief."
)


def test_taxonomy_model_reads_paragraphs_in_one_batch(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPWATCH_ACLED_MODEL_THRESHOLD", "0.6")
    model = FakeModel("Protest with intervention", 0.7)
    doc = nlp(ARTICLE)
    result = taxonomy.TaxonomyComponent(model).predict(doc)
    by_trigger = {e.trigger.text: t for e, t in zip(doc._.events, result, strict=True)}
    assert model.calls == [[
        "Hundreds of traders marched in Lagos on Monday. Police arrested a prominent lawyer.",
        "The governor condemned the police chief.",
    ]]  # fmt: skip
    assert by_trigger["marched"].acled == AcledCoding(
        "Protests", "Protest with intervention", "model"
    )
    # verbal, and the model's 0.7 is below the paragraph fallback's bar
    assert by_trigger["condemned"].acled is None


def test_taxonomy_model_off_above_one(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPWATCH_ACLED_MODEL_THRESHOLD", RULES_ONLY)
    model = FakeModel("Attack", 0.99)
    doc = nlp(ARTICLE)
    result = taxonomy.TaxonomyComponent(model).predict(doc)
    assert model.calls == []
    assert all(t.acled is None or t.acled.basis == "rules" for t in result)


def test_taxonomy_confident_model_codes_a_paragraph_the_rules_left_out(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPWATCH_ACLED_MODEL_THRESHOLD", "0.5")
    doc = nlp(ARTICLE)
    sure = taxonomy.TaxonomyComponent(FakeModel("Peaceful protest", 0.95)).predict(doc)
    codings = {e.trigger.text: t.acled for e, t in zip(doc._.events, sure, strict=True)}
    assert codings["condemned"] == AcledCoding("Protests", "Peaceful protest", "model")
    unsure = taxonomy.TaxonomyComponent(FakeModel("Peaceful protest", 0.85)).predict(doc)
    codings = {e.trigger.text: t.acled for e, t in zip(doc._.events, unsure, strict=True)}
    assert codings["condemned"] is None


@pytest.mark.parametrize(
    ("codings", "paragraphs", "eligible", "expected"),
    [
        # a paragraph with a rules coding keeps it; the other gets the guess once
        ([RULES, None, None, None], ["a", "a", "b", "b"], [True] * 4, [RULES, None, "m", None]),
        # the first eligible event of the paragraph carries the coding
        ([None, None], ["a", "a"], [False, True], [None, "m"]),
        ([None], ["a"], [False], [None]),  # negated or hypothetical: never coded
    ],
)  # fmt: skip
def test_taxonomy_fallback_policy(
    codings: list[AcledCoding | None], paragraphs: list[str], eligible: list[bool],
    expected: list[AcledCoding | str | None],
) -> None:  # fmt: skip
    guess = FakeGuess("Peaceful protest", 0.95)
    model = AcledCoding("Protests", "Peaceful protest", "model")
    out = taxonomy.fallback(codings, [guess] * len(codings), paragraphs, eligible)
    assert out == [model if e == "m" else e for e in expected]
    low = [FakeGuess("Peaceful protest", taxonomy.FALLBACK_MINIMUM - 0.01)] * len(codings)
    assert taxonomy.fallback(codings, low, paragraphs, eligible) == codings


def test_taxonomy_model_below_threshold_keeps_rules(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPWATCH_ACLED_MODEL_THRESHOLD", "0.8")
    doc = nlp(ARTICLE)
    result = taxonomy.TaxonomyComponent(FakeModel("Mob violence", 0.7)).predict(doc)
    codings = {e.trigger.text: t.acled for e, t in zip(doc._.events, result, strict=True)}
    assert codings["arrested"] == AcledCoding("Strategic developments", "Arrests", "rules")


def test_taxonomy_missing_classifier_means_rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    def absent(name: str) -> None:
        raise ImportError(name)

    monkeypatch.setattr(taxonomy.importlib, "import_module", absent)
    assert taxonomy.load_model() is None
    assert taxonomy.TaxonomyComponent(None).model_version is None


@pytest.mark.parametrize("raw", ["high", "-0.1"])
def test_taxonomy_bad_threshold_setting(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("REPWATCH_ACLED_MODEL_THRESHOLD", raw)
    with pytest.raises(SettingError, match="acled_model_threshold"):
        taxonomy.threshold()


@pytest.mark.parametrize(
    ("start", "expected"),
    [(0, "Title"), (7, "First one. Second one."), (20, "First one. Second one."), (31, "Last")],
)
def test_taxonomy_paragraph_text(start: int, expected: str) -> None:
    text = "Title\n\nFirst one. Second one.\nLast"
    assert taxonomy.paragraph_text(text, start, start + 1) == expected
