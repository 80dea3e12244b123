"""Headline grammar: verbs the small model tags as nouns ("Youths attack journalist")."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from repwatch.model import Extraction
from repwatch.nlp.headlines import headline_verbs
from repwatch.nlp.lexicon import load_cached as load_lexicon


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("Youths attack journalist", "attack"),
        ("Police battle armed bandits", "battle"),
        ("Army shell rebel positions", "shell"),
        ("Youths torch police station", "torch"),
        # the opposite misreading: the actor "forces" tagged as the verb
        ("Security forces detain activists", "detain"),
        ("Police forces detain activists in Minsk", "detain"),
        # ... also in a full sentence: both words were misread, so the stop says nothing
        ("Security forces detain activists.", "detain"),
        ("The security forces detain activists in Minsk.", "detain"),
        # a base form after a plural noun is its verb, stop or not: compounds take a
        # singular modifier ("force attack"), so "forces attack" is subject and verb
        ("Government forces attack rebels.", "attack"),
        ("Soldiers shell village.", "shell"),  # tagged JJ
    ],
)
def test_nlp_headlines_finds_a_verb_read_as_a_noun(nlp: Language, text: str, verb: str) -> None:
    doc = nlp(text)
    found = headline_verbs(doc, load_lexicon())
    assert [doc[i].text for i in found] == [verb]
    assert all(t.pos == "VERB" for t in found.values())


@pytest.mark.parametrize(
    "text",
    [
        "The police attack dog.",  # opens with a determiner: a noun phrase
        "Police attack dog.",  # a full stop: a sentence, not a headline
        "Police said the attack dog bit him",  # a verb: the parse is trusted
        "Police attack",  # nothing after the word
        "Army jails protest leader",  # "jails" is no plural actor: its parse is trusted
        "Security forces detains activists",  # not the form a plural subject takes
        "The police attack dogs.",  # "police" is no plural form: a noun phrase
        "Rebels attacks convoy.",  # after a plural, only the base form is a verb
    ],
)
def test_nlp_headlines_leaves_noun_phrases_and_sentences(nlp: Language, text: str) -> None:
    assert headline_verbs(nlp(text), load_lexicon()) == {}


def test_nlp_headlines_event_has_the_words_on_either_side(
    extract_text: Callable[[str], Extraction],
) -> None:
    events = extract_text("Police battle armed bandits in Turkana").events
    assert [(e.type, e.trigger.text) for e in events] == [("ASSAULT", "battle")]
    event = events[0]
    assert event.source is not None and event.source.text == "Police"
    assert event.source.sector == "COP"
    # the actors stage stopped the noun chain at the verb: the target does not take in
    # the police or the verb
    assert event.target is None or "battle" not in event.target.text
    assert event.acled is not None and event.acled.event_type == "Battles"


def test_nlp_headlines_the_next_sentence_keeps_its_own_parse(
    extract_text: Callable[[str], Extraction],
) -> None:
    text = "Youths attack journalist\n\nNAIROBI - Police arrested two men on Friday."
    events = extract_text(text).events
    assert [e.trigger.text for e in events] == ["attack", "arrested"]
    assert events[0].target is not None and events[0].target.text == "journalist"


@pytest.mark.parametrize(
    "text",
    ["Security forces detain activists in Minsk", "The security forces detain activists in Minsk."],
)
def test_nlp_headlines_a_plural_actor_read_as_a_verb_is_the_source(
    extract_text: Callable[[str], Extraction], text: str
) -> None:
    events = extract_text(text).events
    assert [(e.type, e.trigger.text, e.basis) for e in events] == [("COERCE", "detain", "rules")]
    event = events[0]
    assert event.source is not None and event.source.text.lower().endswith("security forces")
    assert event.source.sector == "COP"
    assert event.target is not None and event.target.text.startswith("activists")


def test_nlp_headlines_a_plural_subject_before_a_base_form_codes_a_sentence(
    extract_text: Callable[[str], Extraction],
) -> None:
    events = extract_text("Government forces attack rebels.").events
    assert [(e.type, e.trigger.text) for e in events] == [("ASSAULT", "attack")]
    assert events[0].source is not None and events[0].source.text == "Government forces"
    assert events[0].target is not None and events[0].target.text == "rebels"


def test_nlp_headlines_an_actor_before_the_verb_is_not_the_noun_after_it(
    extract_text: Callable[[str], Extraction],
) -> None:
    # the parse makes "Soldiers" a compound of "village", across the verb: the actor is
    # the soldiers, not a village with the soldiers' code
    extraction = extract_text("Soldiers attack village.")
    assert [(a.text, a.code) for a in extraction.actors] == [("Soldiers", "MIL")]
    event = extraction.events[0]
    assert event.source is not None and event.source.text == "Soldiers"
