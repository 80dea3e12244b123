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
The result is kept with the Doc, so both stages pay for it once.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.attrs import POS, TAG
from spacy.symbols import AUX, NOUN, VERB
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


def headline_verbs(doc: Doc, lexicon: Lexicon) -> dict[int, Trigger]:
    """Token index -> verb trigger (pos VERB) of every headline verb in `doc`."""
    return dict(per_doc(doc, KEY, lambda d: _find(d, lexicon)))  # a copy: callers may edit


def _find(doc: Doc, lexicon: Lexicon) -> dict[int, Trigger]:
    pos = doc.to_array(POS).tolist()
    verbal = {sentence_start_of(doc, i) for i, p in enumerate(pos) if p in (VERB, AUX)}
    ends = dict(sentence_bounds(doc))
    if len(verbal) == len(ends):
        return {}  # every sentence has a verb: the usual case
    tags = strings_of(doc, TAG)
    lemmas = lower_lemmas_of(doc)[1]
    found: dict[int, Trigger] = {}
    for i in range(1, len(doc) - 1):
        if pos[i] != NOUN or tags[i] not in VERB_TAGS or tags[i - 1] not in NOUN_TAGS:
            continue
        start = sentence_start_of(doc, i)
        end = ends[start]
        if start in verbal or i - 1 < start or i + 1 >= end or doc[i + 1].is_punct:
            continue
        last = next((t for t in reversed(doc[start:end]) if not t.is_space), None)
        if tags[start] == "DT" or (last is not None and last.text in (".", "!", "?")):
            continue
        trig = next((t for t in lexicon.candidates(lemmas[i])
                     if t.pos in ("VERB", "ANY") and not t.needs), None)  # fmt: skip
        if trig is not None:
            found[i] = replace(trig, pos="VERB")
    return found
