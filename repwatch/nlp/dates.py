"""Stage: date expressions, resolved against the article's publication date.

Contract: runs after spaCy's NER (``requires=["doc.ents"]``); reads ``doc._.published``
(a ``datetime.date`` or None); assigns ``doc._.dates``, a list of `DateSpan` in text
order that do not overlap.

Candidates are spaCy's DATE entities plus the expressions `SEARCH` finds that the
small model misses ("22/03/2021", "since 2019", "last Tuesday", "the third quarter").
Regex matches inside a name entity ("USA Today") are not candidates.  Each candidate
is resolved by `repwatch.nlp.dateresolve.resolve`, whose docstring
states the rules; one that does not resolve (a duration, an age, a relative date
without a publication date) is dropped.  Where candidates overlap, the longest wins,
and a spaCy entity wins a tie.  A candidate right after "since" is read as "since X":
a range from X to the publication date, and its span takes in the word "since".
A date that leaves its year or week open ("March 22", "Tuesday", "in December") is
read forward in a future clause and to the nearest in a present one (`direction`);
otherwise backward, as `dateresolve` describes.  The words TimeML marks PRESENT_REF,
PAST_REF and FUTURE_REF ("now", "currently", "recently", "in the past", "the future",
"soon") are candidates too; `repwatch.nlp.datedeixis` makes them the day P, a range
ending at P or one starting at P.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from repwatch.nlp import dateanaphora
from repwatch.nlp.dateresolve import resolve
from repwatch.nlp.datewords import DateValue
from repwatch.nlp.doctext import text_of

__all__ = ["DateSpan", "DateValue", "find_dates", "resolve"]

if not Doc.has_extension("dates"):
    Doc.set_extension("dates", default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)  # datetime.date of the article, or None


@dataclass(frozen=True)
class DateSpan:
    """The words of one date expression and the days they name (``end`` inclusive)."""

    span: Span
    start: dt.date
    end: dt.date
    precision: str  # "day" | "month" | "year" | "range"
    basis: str  # "explicit" | "relative"

    @property
    def value(self) -> str:
        """ISO 8601 text of the date: ``2026-03-24``, ``2026-03``, ``2026`` or a range."""
        return DateValue(self.start, self.end, self.precision, self.basis).value


_YEAR = r"(?:1[89]|20)\d\d"
_MON = (r"(?-i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
        r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?")  # fmt: skip
_WD = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
_NUM = r"(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})"
_UNIT = r"(?:day|week|month|year|decade)s?"
_MOD = r"(?:(?:early|mid|late|earlier|later)(?:-|\s+|-\s*))?"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"

_VAGUE = r"(?:few|several|many|couple\s+of)"
_AHEAD_UNIT = r"(?:day|week|month|quarter|year|decade)s"
#: The words TimeML marks PRESENT_REF, PAST_REF, FUTURE_REF (`repwatch.nlp.datedeixis`).
_DEIXIS = (
    r"(?<!\bfrom\s)\b(?:right\s+|just\s+)?now\b(?!-)",
    r"\b(?:currently|nowadays|presently|lately|formerly|(?:more\s+|most\s+|until\s+)?recently"
    r"|at\s+present|at\s+the\s+moment|these\s+days|current)\b(?!-)",
    rf"\brecent\s+{_AHEAD_UNIT}\b|\bthe\s+(?:recent\s+)?past\b(?!-)|\byears\s+past\b",
    r"\bthe\s+(?:near\s+|foreseeable\s+)?future\b|\bin\s+future\b|\bthe\s+(?:near|short|long)"
    r"\s+term\b(?!-)|(?<!\bas\s)\bsoon\b(?!\s+(?:as|after|before|thereafter)\b)",
    rf"\b(?:the\s+)?(?:coming|upcoming|future)\s+{_AHEAD_UNIT}\b"
    rf"|\b(?:the\s+)?{_AHEAD_UNIT}\s+(?:ahead|to\s+come)\b",
)

#: Date expressions spaCy's small model tends to miss; the first alternative that
#: matches at a position wins, so longer forms come first.
SEARCH = re.compile(
    r"\b(?=[\w'])(?:"
    + "|".join(
        (
            rf"\b{_YEAR}-[01]\d-[0-3]\d\b",
            rf"\b[0-3]?\d[/.][01]?\d[/.]{_YEAR}\b",
            rf"(?:{_WD},?\s+)?{_MOD}{_MON}\s+[0-3]?\d(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?",
            rf"(?:{_WD},?\s+)?\b[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR}\b)?",
            rf"{_MOD}{_MON},?\s+{_YEAR}\b",
            rf"{_MOD}(?:the\s+)?\b(?:1[89]|20)\d0'?s\b",
            r"(?:the\s+)?(?:beginning|start|end|middle)\s+of\s+(?:the\s+|this\s+|last\s+"
            rf"|next\s+)?(?:year|month|week|{_YEAR}\b|{_MON})",
            rf"\b(?:(?:the\s+)?{_YEAR}\s+)?(?:fiscal[-\s]+)?(?:first|second|third|fourth)[-\s]+"
            rf"(?:fiscal[-\s]+)?quarter\b(?:\s+of\s+(?:fiscal\s+)?{_YEAR}\b)?",
            r"\b(?:this|last|next|the\s+(?:current|latest|previous))\s+quarter\b",
            rf"\b(?:(?:in|of|by|from|during|until|before|after|since)\s+|{_MOD}){_YEAR}\b"
            r"(?![-\d,.]\d|\s*(?:%|percent|people|men|women|protesters|troops|members))",
            rf"\b(?:(?:this|last|next|this\s+coming|this\s+past)\s+)?{_WD}{_PART}",
            r"\b(?:(?:late|early)\s+)?(?:yesterday|today|tonight|tomorrow|last\s+night"
            rf"|this\s+(?:morning|afternoon|evening))\b{_PART}",
            rf"\b{_MOD}(?:this|last|next)\s+(?:weekend|week|month|year|decade)\b",
            r"\bthe\s+weekend\b",
            rf"\b{_NUM}\s+{_UNIT}\s+(?:ago|earlier)\b",
            rf"\b(?:the\s+)?(?:past|last|previous)\s+(?:(?:{_NUM}|{_VAGUE})\s+)?{_UNIT}\b",
            *_DEIXIS,
            dateanaphora.SEARCH,
            r"\b(?:(?:last|this|next)\s+)?(?:christmas(?:\s+(?:day|eve))?|new\s+year's\s+(?:day|eve)"
            r"|thanksgiving(?:\s+day)?|easter(?:\s+sunday)?|good\s+friday|halloween"
            r"|(?:labor|memorial|election|independence|valentine's)\s+day)\b"
            rf"(?:,?\s+{_YEAR}\b)?",
            rf"\b(?:in|last|next|this|since|by|until|of|early|mid|late)(?:-|\s+){_MON}",
            r"\b(?:last|this|next)\s+(?:spring|summer|fall|autumn|winter)\b"
            rf"|\b(?:spring|summer|fall|autumn|winter)\s+(?:of\s+)?{_YEAR}\b",
        )
    )
    + ")",
    re.IGNORECASE,
)
#: Every word a `SEARCH` match can begin with (lower case), besides a digit.  A match
#: begins where a run of word characters does, and each alternative's first word is
#: a whole run, so `search` tries `SEARCH` only where such a word starts (and at any
#: word with a non-ASCII letter, which case folding could make match).  Adding an
#: alternative to `SEARCH` means adding its first words here;
#: tests/test_nlp_dates.py checks that `search` finds what ``SEARCH.finditer`` does.
FIRST_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday jan january feb february
    mar march apr april may jun june jul july aug august sep sept september oct october
    nov november dec december early mid late earlier later the beginning start end middle
    fiscal first second third fourth this last next in of by from during until before
    after since yesterday today tonight tomorrow a an one two three four five six seven
    eight nine ten eleven twelve past previous right just now currently nowadays
    presently lately formerly more most recently at these current recent years soon
    coming upcoming future same following preceding prior that year comparable
    corresponding christmas new thanksgiving easter good halloween labor memorial
    election independence valentine spring summer fall autumn winter""".split()
)
_WORD = re.compile(r"\w+")


def search(text: str) -> Iterator[re.Match[str]]:
    """The matches of `SEARCH` in `text`, as ``SEARCH.finditer`` finds them, but tried
    only where a word of `FIRST_WORDS` (or a digit) starts: a third of the time."""
    end = 0
    for word in _WORD.finditer(text):
        start, w = word.start(), word.group()
        if start < end or (w.isascii() and not "0" <= w[0] <= "9" and w.lower() not in FIRST_WORDS):
            continue
        m = SEARCH.match(text, start)
        if m:
            yield m
            end = m.end()


#: Entity labels whose words are names, not dates ("USA Today", "Theresa May").
_NAMES = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "FAC", "LAW", "EVENT"})
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would", "gon"})
_FUTURE_LEMMAS = frozenset(
    {"schedule", "slate", "plan", "expect", "due", "upcoming", "next", "payable", "effective"}
)
#: Words at the front of a `SEARCH` match that are not part of the date.
_LEADING = re.compile(r"(?:in|of|by|from|during|until|before|after|since)\s+", re.IGNORECASE)


def _candidates(doc: Doc) -> list[Span]:
    found = [ent for ent in doc.ents if ent.label_ == "DATE"]
    for m in search(text_of(doc)):
        lead = _LEADING.match(m.group())
        start = m.start() + (lead.end() if lead else 0)
        span = doc.char_span(start, m.end(), alignment_mode="expand")
        if span is not None and len(span) and not any(t.ent_type_ in _NAMES for t in span):
            found.append(span)
    return found


def direction(span: Span) -> str:
    """How to read a date that leaves its year or week open, from its clause's tense.

    "future" under will/shall/would or a scheduling word ("is due on Dec. 15",
    "scheduled for Monday", "payable Dec. 15", "effective Feb. 1"); "past" under a
    past-tense verb; "nearest" otherwise (present tense, no verb: "the trial opens
    Monday", a headline).
    """
    verb = span.root
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.lemma_ in _FUTURE_LEMMAS or verb.head is verb:
            break
        verb = verb.head
    for word in (verb, verb.head):
        aux = [c for c in word.children if c.dep_ in ("aux", "auxpass")]
        if word.lemma_ in _FUTURE_LEMMAS or any(a.lower_ in _FUTURE_AUX for a in aux):
            return "future"
        if word.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
            return "past"
        if not any(a.lower_ == "to" for a in aux):
            break  # only an infinitive ("expected to vote") looks further up
    return "nearest" if verb.pos_ in ("VERB", "AUX") and verb.tag_ != "VBN" else "past"


def _resolved(span: Span, published: dt.date | None) -> DateSpan | None:
    doc = span.doc
    way = direction(span)
    if dateanaphora.is_anaphor(span.text):
        # a placeholder against P; `find_dates` resolves it against its reference
        value = (
            dateanaphora.resolve_anaphor(span.text, _day_value(published)) if published else None
        )
        if value is not None:
            return DateSpan(span, value.start, value.end, value.precision, value.basis)
    if span.start > 0 and doc[span.start - 1].lower_ == "since":
        value = resolve("since " + span.text, published, way)
        if value is not None:
            span = doc[span.start - 1 : span.end]
    else:
        value = resolve(span.text, published, way)
    if value is None:
        return None
    return DateSpan(span, value.start, value.end, value.precision, value.basis)


def _day_value(day: dt.date) -> DateValue:
    return DateValue(day, day, "day", "relative")


def _anaphora(dates: list[DateSpan], published: dt.date | None) -> list[DateSpan]:
    """Re-resolve anaphoric dates against the most recent date before them (or P)."""
    out: list[DateSpan] = []
    ref = _day_value(published) if published else None
    for d in dates:
        if ref is not None and dateanaphora.is_anaphor(d.span.text):
            value = dateanaphora.resolve_anaphor(d.span.text, ref)
            if value is not None:
                d = DateSpan(d.span, value.start, value.end, value.precision, value.basis)
        out.append(d)
        value = DateValue(d.start, d.end, d.precision, d.basis)
        if dateanaphora.reference_unit(value) is not None:
            ref = value
    return out


def find_dates(doc: Doc) -> list[DateSpan]:
    """The resolved date expressions of `doc`, in text order, without overlaps."""
    published = doc._.published
    resolved = [d for span in _candidates(doc) if (d := _resolved(span, published))]
    resolved.sort(key=lambda d: len(d.span.text), reverse=True)  # stable: entities first
    taken: list[DateSpan] = []
    used: set[int] = set()
    for d in resolved:
        tokens = set(range(d.span.start, d.span.end))
        if not tokens & used:
            taken.append(d)
            used |= tokens
    return _anaphora(sorted(taken, key=lambda d: d.span.start), published)


class DateStage:
    """Finds and resolves the date expressions of each Doc (see the module docstring)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def predict(self, doc: Doc) -> list[DateSpan]:
        return find_dates(doc)

    def set_annotations(self, doc: Doc, dates: list[DateSpan]) -> None:
        doc._.dates = dates

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.predict(doc))
        return doc


@Language.factory("repwatch_dates", requires=["doc.ents"], assigns=["doc._.dates"])
def make_dates(nlp: Language, name: str) -> DateStage:
    return DateStage(nlp, name)
