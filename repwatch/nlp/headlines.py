"""Headline grammar: the verbs that spaCy's small model reads as nouns.

In a sentence with no verb at all, the small model tags a headline's verb as a noun:
"Youths attack journalist", "Police battle sect" and "MRC kidnaps official" come out
as chains of compound nouns, so neither the actors stage nor the events stage would
see a verb there.  `headline_verbs` finds them; the actors stage stops a noun chain
at one (the words on either side are two actors, not one), and the events stage
codes it as a verb trigger whose source is the word before it and whose target is the
word after.

A word is a headline verb when, all in one sentence that has no verb or auxiliary,
it is tagged NN or NNS, comes right after a noun and before a word that is not
punctuation, and the trigger lexicon has its lemma as a verb trigger that needs no
particular dependents; and when the sentence reads as a headline, not opening with a
determiner or ending with a full stop ("The police attack dog." is a noun phrase).
Neither check applies when the word is a base form right after a plural noun
("Government forces attack rebels."): English compounds take a singular modifier
("force attack", not "forces attack"), so there the plural is the verb's subject.
There the word may be tagged JJ too ("Soldiers shell village.").

The model makes the opposite mistake too: in "Security forces detain activists" it
reads the actor "forces" as the verb (VBZ) and "detain" as a noun. A sentence's only
verb does not count as one when it is such a plural actor noun (`PLURAL_ACTORS`, words
that are also a verb's third person), right after a noun and right before a headline
verb that has its base form, the form a plural subject takes ("detain", not "detains").
That pattern is read the same way in a full sentence ("The security forces detain
activists."): there the tagger has misread both words, so a determiner or a full stop
says nothing about a noun phrase.  The result is kept with the Doc, so both stages pay
for it once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.attrs import POS, TAG
from spacy.symbols import ADJ, AUX, NOUN, VERB
from spacy.tokens import Doc

from repwatch.nlp.doctext import (
    lower_lemmas_of,
    per_doc,
    sentence_bounds,
    sentence_start_of,
    strings_of,
)
from repwatch.nlp.lexicon import Lexicon, Trigger

VERB_TAGS = frozenset({"NN", "NNS"})
NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
KEY = "repwatch_headline_verbs"
#: plural actor nouns that are also a verb's third person singular, which the small
#: model tags VBZ before a verb it reads as a noun ("Security forces detain activists")
PLURAL_ACTORS = frozenset({"forces", "guards", "rebels"})


def headline_verbs(doc: Doc, lexicon: Lexicon) -> dict[int, Trigger]:
    """Token index -> verb trigger (pos VERB) of every headline verb in `doc`."""
    return dict(per_doc(doc, KEY, lambda d: _find(d, lexicon)))  # a copy: callers may edit


def misread_actors(doc: Doc, verbs: Iterable[int]) -> frozenset[int]:
    """The plural actor nouns tagged as verbs right before the headline `verbs` (from
    `headline_verbs`): "forces" in "Security forces detain activists".  The actors
    stage reads them as nouns."""
    return frozenset(i - 1 for i in verbs if doc[i - 1].tag_ == "VBZ")


def _find(doc: Doc, lexicon: Lexicon) -> dict[int, Trigger]:
    pos = doc.to_array(POS).tolist()
    verbs = [i for i, p in enumerate(pos) if p in (VERB, AUX)]
    lowers, lemmas = lower_lemmas_of(doc)
    actors = [i for i in verbs if lowers[i] in PLURAL_ACTORS and 0 < i < len(doc) - 1]
    verbal = {sentence_start_of(doc, i) for i in verbs}
    ends = dict(sentence_bounds(doc))
    if len(verbal) == len(ends) and not actors:
        return {}  # every sentence has a verb: the usual case
    tags = strings_of(doc, TAG)
    misread = {i for i in actors if tags[i] == "VBZ" and tags[i - 1] in NOUN_TAGS
               and tags[i + 1] in (*VERB_TAGS, "JJ")
               and lowers[i + 1] == lemmas[i + 1]}  # fmt: skip
    if misread:
        verbal = {sentence_start_of(doc, i) for i in verbs if i not in misread}
        if len(verbal) == len(ends):
            return {}
    found: dict[int, Trigger] = {}
    for i in range(1, len(doc) - 1):
        after_actor = i - 1 in misread  # "forces detain": tagged NN or JJ
        # after a plural noun, a base form reads as that noun's verb, tagged NN or JJ
        # ("forces attack rebels", "Soldiers shell village")
        after_plural = tags[i - 1] == "NNS" and tags[i] in ("NN", "JJ") and lowers[i] == lemmas[i]
        if not (pos[i] == NOUN and tags[i] in VERB_TAGS) and not (
            (after_actor or after_plural) and pos[i] == ADJ and tags[i] == "JJ"
        ):
            continue
        if tags[i - 1] not in NOUN_TAGS and not after_actor:
            continue
        start = sentence_start_of(doc, i)
        end = ends[start]
        if start in verbal or i - 1 < start or i + 1 >= end or doc[i + 1].is_punct:
            continue
        last = next((t for t in reversed(doc[start:end]) if not t.is_space), None)
        reads_as_sentence = last is not None and last.text in (".", "!", "?")
        # after a misread actor, the sentence's own verb was misread too
        if not (after_actor or after_plural) and (tags[start] == "DT" or reads_as_sentence):
            continue
        trig = next((t for t in lexicon.candidates(lemmas[i])
                     if t.pos in ("VERB", "ANY") and not t.needs), None)  # fmt: skip
        if trig is not None:
            found[i] = replace(trig, pos="VERB")
    return found
