"""Who is speaking: the speaker of a quote or reported clause, resolved by rules.

Used by `nlp.quotes`.  Given the token that names a speaker (the subject of a cue
verb, or the object of "according to"), `SpeakerResolver.resolve` returns the words as
written (`speaker_span`) and the actor they stand for:

* a mention the actor stage found (`doc._.actors`) is that actor, so
  "Gabrielius Landsbergis, Lithuania's foreign minister" is LTUGOV;
* a personal pronoun ("he", "she", "they") is the nearest earlier actor or earlier
  speaker that agrees: "he"/"she" a single person-like actor (a named person, an
  unknown PERSON entity, a role noun in the singular), "they" a plural one.  Places,
  and actors named inside quotation marks, are skipped.  There is no gender model;
  no offline coreference model exists on PyPI, so this is a rule;
* a definite role noun ("the minister added", "the spokesman said") is the nearest
  earlier named actor (person or organisation) with the same sector and no clashing
  country; failing that it stays the role mention itself;
* a noun phrase the dictionary knows nothing about ("a radio report", "my father")
  becomes a new, unresolved `ActorSpan` that keeps its text (``code=None``, kinds
  ``{"unresolved"}``), so later pronouns can still refer to it.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from repwatch.nlp.actors import ActorSpan

#: Pronouns that name a speaker, and the number they need.
SINGULAR = frozenset({"he", "she", "him", "her"})
PLURAL = frozenset({"they", "them"})
PLACE_KINDS = frozenset({"country", "capital", "demonym"})
NAMED_KINDS = frozenset({"person", "PERSON", "org", "ORG"})
UNRESOLVED = frozenset({"unresolved"})
#: How far back (in tokens) a pronoun or role noun looks for its antecedent.
WINDOW = 250
CUT_DEPS = frozenset({"relcl", "acl", "advcl", "punct", "cc", "conj", "prep"})


def unresolved(span: Span, anchor: int) -> ActorSpan:
    """A speaker mention the dictionary knows nothing about, kept as written."""
    return ActorSpan(span, anchor, span.text, None, None, None, None, UNRESOLVED, None, False, None)


def same_actor(a: ActorSpan, b: ActorSpan) -> bool:
    """Two mentions of one actor: the same dictionary entry, or (neither in the
    dictionary) the same last word of the name, case-folded ("Mr. Podesta", "Podesta")."""
    if a.entry is not None or b.entry is not None:
        return a.entry == b.entry and (a.code == b.code)
    return _last_word(a.name) == _last_word(b.name)


def _last_word(name: str) -> str:
    words = name.replace("'s", "").split()
    return words[-1].lower().strip(".,") if words else ""


def phrase(tok: Token) -> Span:
    """The noun phrase `tok` heads, without relative clauses and trailing punctuation."""
    doc = tok.doc
    start = tok.left_edge.i
    end = tok.i + 1
    for child in tok.rights:
        if child.dep_ in CUT_DEPS and not (child.dep_ == "prep" and child.lower_ in ("of", "by")):
            break
        end = child.right_edge.i + 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while start < tok.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return doc[start:end]


class SpeakerResolver:
    """Resolves speaker tokens of one Doc; remembers speakers it has created."""

    def __init__(self, doc: Doc, actors: list[ActorSpan], quoted: set[int]) -> None:
        self.doc = doc
        self.quoted = quoted  # token indices inside quotation marks
        self.candidates = [a for a in actors if a.anchor not in quoted]
        self.speakers: list[ActorSpan] = []  # speaker mentions so far, as resolved
        self.by_token: dict[int, ActorSpan] = {}
        for a in actors:
            for i in range(a.start, a.end):
                self.by_token.setdefault(i, a)
            self.by_token[a.anchor] = a

    def resolve(self, tok: Token) -> tuple[ActorSpan | None, Span]:
        """(speaker actor or None, speaker words as written) for speaker token `tok`."""
        low = tok.lower_
        here = self.doc[tok.i : tok.i + 1]
        if tok.pos_ == "PRON" and (low in SINGULAR or low in PLURAL):
            found = self._antecedent(tok)
            if found is not None:
                self.speakers.append(replace(found, span=here, anchor=tok.i))
            return found, here
        if tok.pos_ == "PRON":  # "I", "we", "you", "it": no actor to name
            return None, here
        span = self._clean(phrase(tok).start, phrase(tok).end)
        found = self.by_token.get(tok.i) or self._inside(tok)
        if found is not None and found.anchor in self.quoted:
            found = None  # a mention glued across a quotation mark by the parse
        if found is not None:
            span = self._clean(min(found.start, span.start), max(found.end, span.end))
            resolved = self._role(found)
            self.speakers.append(replace(resolved, span=span, anchor=tok.i))
            return resolved, span
        if tok.pos_ not in ("NOUN", "PROPN") or not span.text.strip():
            return None, span
        new = unresolved(span, tok.i)
        self.speakers.append(new)
        return new, span

    def _clean(self, start: int, end: int) -> Span:
        """Tokens [start, end) without edge punctuation, spaces or quoted words."""
        doc = self.doc

        def edge(t: Token) -> bool:
            marks = any(c in t.text for c in '"“”«»„―—–')
            return t.is_space or t.is_punct or marks or t.i in self.quoted

        while end - start > 1 and edge(doc[start]):
            start += 1
        while end - start > 1 and edge(doc[end - 1]):
            end -= 1
        return doc[start:end]

    def _inside(self, tok: Token) -> ActorSpan | None:
        """An actor within the phrase `tok` heads: "statements by the exile council"."""
        lo, hi = tok.left_edge.i, tok.right_edge.i
        inside = [a for a in self.candidates if lo <= a.anchor <= hi]
        return inside[0] if inside else None

    def _antecedent(self, pron: Token) -> ActorSpan | None:
        """Nearest earlier speaker or named person that agrees; else any person-like
        actor (a role noun in the singular counts as a person)."""
        plural = pron.lower_ in PLURAL
        named = [a for a in self.candidates if a.kinds & NAMED_KINDS]
        for pool in (sorted(self.speakers + named, key=lambda a: a.anchor), self.candidates):
            for a in reversed(pool):
                if a.anchor >= pron.i:
                    continue
                if pron.i - a.anchor > WINDOW:
                    break
                if a.kinds <= PLACE_KINDS or plural != a.plural:
                    continue
                if not plural and not (a.is_person or a.kinds == UNRESOLVED):
                    continue
                return self._role(a)
        return None

    def _role(self, actor: ActorSpan) -> ActorSpan:
        """A definite role mention ("the minister") as the named actor it refers to."""
        if actor.kinds & NAMED_KINDS or actor.sector is None:
            return actor
        head = self.doc[actor.anchor]
        dets = [actor.span[0], *(c for c in head.children if c.dep_ == "det")]
        if not any(t.lower_ in ("the", "this", "that") for t in dets):
            return actor  # "a spokesman said": someone not named before
        for a in reversed(self.candidates):
            if a.anchor >= actor.start or actor.start - a.anchor > WINDOW:
                continue
            if not a.kinds & NAMED_KINDS or a.sector != actor.sector:
                continue
            if actor.country and a.country and actor.country != a.country:
                continue
            return a
        return actor
