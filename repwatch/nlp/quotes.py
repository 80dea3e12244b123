"""Stage: quotes and reported speech, with their cue and speaker.

Contract: requires ``doc._.actors``; assigns ``doc._.quotes``, a list of `QuoteSpan`
in text order.  Predict (`find_quotes`) is a pure function of the Doc; the component
only sets the extension.  `attribution_of(token)` says which quote or reported clause
a token is in (events inside one are reported, not witnessed).

Direct quotes (``direct=True``):

* quotation marks are paired by `nlp.quotemarks` (curly by shape, straight by
  context, per paragraph); in news style a quote left open at the end of a paragraph
  continues into the next one that opens with a mark, and is one span (the inner
  paragraph-opening marks stay inside its content);
* the cue is the first cue verb after the closing mark in the same sentence ("…,” he
  said", "…,” said Landsbergis", "…,” according to X), or else the nearest one before
  the opening mark ("He said: “…”", "X told reporters, “…”", and across a paragraph
  break after a colon).  A quote that ends with a full stop takes no cue after it: the
  sentence is over.  With no cue, a name after a dash ("“…” ― Jane Doe") is the
  speaker;
* split quotes ("“A,” he said, “B.”") are two `QuoteSpan` sharing one cue and one
  speaker: content is one contiguous span, and the frame words sit between the parts;
* a whole-sentence quote with no cue continues the previous direct quote when no more
  than one paragraph lies between them, and takes its speaker (cue None);
* a quotation mark in the middle of a clause ("called it “a disaster”", "said that
  “…”") marks a fragment, which is not a direct quote; if a cue governs the clause it
  is part of a reported clause.  Short quoted words with no cue and no verb are titles
  or scare quotes and are not quotes at all.

Reported speech (``direct=False``): a cue verb with a complement clause ("X said
(that) …", "X told reporters …", "X noted in 2017 that …", "…, X warned"), or "according
to X" attached to a clause.  Content is the clause, without "that" and edge
punctuation.  Cues inside a direct quote are not read (no nested attributions).

Cues are data (``resources/quotes/cues.tsv``, read by `nlp.cues`); speakers are
resolved by `nlp.speakers`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from repwatch.nlp.actors import ActorSpan
from repwatch.nlp.arguments import subject
from repwatch.nlp.cues import ALL_KINDS, DIRECT_KINDS, Cues, cue_at, default_cues
from repwatch.nlp.doctext import lower_lemmas_of, text_of
from repwatch.nlp.quotemarks import MARKS, Region, quote_regions
from repwatch.nlp.speakers import SpeakerResolver

TERMINAL = frozenset({".", "?", "!", ";"})
DASHES = frozenset({"―", "—", "–", "-", "--"})
AFTER_WINDOW = 30  # tokens after a closing mark searched for the cue
BEFORE_WINDOW = 25  # tokens before an opening mark searched for the cue

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


@dataclass(frozen=True)
class QuoteSpan:
    """A quote (``direct``) or reported clause, with its cue and speaker."""

    content: Span  # the quoted or reported words, without quotation marks
    direct: bool
    cue: Span | None  # the speech verb ("said", "pointed out") or "according to"
    speaker: ActorSpan | None  # an actor from doc._.actors, or an unresolved new one
    speaker_span: Span | None  # the words naming the speaker as written ("he")

    @property
    def start_char(self) -> int:
        return self.content.start_char

    @property
    def end_char(self) -> int:
        return self.content.end_char


@dataclass
class _Draft:
    content: Span
    direct: bool
    cue: Span | None
    speaker_tok: Token | None
    continues: bool = False  # an uncued direct quote that may continue the previous one


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _trim(doc: Doc, start: int, end: int, drop: tuple[str, ...] = (",",)) -> Span | None:
    while start < end and (doc[start].is_space or doc[start].text in drop + tuple(MARKS)):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in drop + tuple(MARKS)):
        end -= 1
    return doc[start:end] if end > start else None


def _content(doc: Doc, region: Region) -> Span | None:
    span = doc.char_span(region.start, region.end, alignment_mode="contract")
    if span is None or not len(span):
        span = doc.char_span(region.start, region.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return _trim(doc, span.start, span.end)


def _np_root(doc: Doc, lo: int, hi: int) -> Token | None:
    """The first noun phrase head in tokens [lo, hi): a noun, name or pronoun whose
    head lies outside the range ("Flynn, a top Trump surrogate," -> Flynn)."""
    for tok in doc[lo:hi]:
        if tok.pos_ not in ("NOUN", "PROPN", "PRON") or tok.ent_type_ in ("DATE", "TIME"):
            continue
        if not lo <= tok.head.i < hi or tok.head.i == tok.i:
            return tok
    return None


def _frame_end(doc: Doc, start: int) -> int:
    """Where the frame words after a cue end: the next punctuation or quotation mark."""
    j = start
    while j < len(doc) and not (doc[j].is_punct or "\n" in doc[j].text_with_ws):
        j += 1
    return j + int(j < len(doc) and not doc[j].is_punct)


def _speaker_token(cue: Span, cues: Cues, lo: int, hi: int, frame: bool = True) -> Token | None:
    """The token naming the speaker of `cue`, looked for in the frame tokens [lo, hi)
    (between the quote and the sentence edge): the cue's subject, the noun a participle
    cue modifies ("footage of X asking"), the object of "according to", or else the
    first noun phrase of the frame before, then after, the cue (only for a direct
    quote's `frame`; a reported clause needs a subject)."""
    doc = cue.doc
    head = cue[0]
    if head.lower_ in cues.phrases:
        return next((c for c in cue[-1].children if c.dep_ == "pobj"), None)
    subj, _ = subject(head)
    if subj is None and head.dep_ == "acl" and head.tag_ == "VBG":
        subj = head.head
    t = head
    for _ in range(3):  # "before asking her": the subject of the governing verb
        if subj is not None or t.head.i == t.i:
            break
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            subj, _ = subject(t)
    after = min(hi, _frame_end(doc, cue.end))
    if subj is not None and (lo <= subj.i < head.i or cue.end <= subj.i < after):
        return subj
    if not frame:
        return None
    return _np_root(doc, lo, head.i) or _np_root(doc, cue.end, after)


def _is_fragment(doc: Doc, open_tok: Token, cues: Cues) -> bool:
    """Does the quotation open in the middle of a clause ("called it “a mess”")?"""
    j = open_tok.i - 1
    while j >= 0 and doc[j].is_space and "\n" not in doc[j].text:
        j -= 1
    if j < 0 or "\n" in doc[j].text_with_ws or "\n" in doc[j].text:
        return False
    prev = doc[j]
    if prev.is_punct and prev.text not in MARKS:
        return prev.text in ("'s",)
    if prev.text in MARKS:
        return False
    return cue_at(prev, cues, DIRECT_KINDS) is None


def _ends_sentence(doc: Doc, j: int) -> bool:
    """Is the full stop at `j` the end of a sentence (not "(D-Wis.)")?"""
    if j + 1 >= len(doc) or "\n" in doc[j].whitespace_:
        return True
    nxt = doc[j + 1]
    return nxt.text in MARKS or nxt.text[:1].isupper()


def _cue_after(doc: Doc, close: Token | None, content: Span, cues: Cues) -> Span | None:
    if close is None or content[-1].text == ".":
        return None
    window = 6 if content[-1].text in ("?", "!") else AFTER_WINDOW
    for j in range(close.i + 1, min(len(doc), close.i + 1 + window)):
        tok = doc[j]
        if "\n" in tok.text or tok.text in MARKS or tok.text in ("?", "!", ";"):
            return None
        if tok.text == "." and _ends_sentence(doc, j):
            return None
        cue = cue_at(tok, cues, DIRECT_KINDS)
        if cue is not None:
            return cue
        if "\n" in tok.whitespace_:
            return None
    return None


def _cue_before(doc: Doc, open_tok: Token, cues: Cues) -> Span | None:
    """The nearest cue before the opening mark, in its sentence; a paragraph that ends
    with a colon introduces the quote that opens the next one ("He said:")."""
    last = open_tok.i - 1
    while last >= 0 and doc[last].is_space:
        last -= 1
    crossed = (
        last >= 0 and doc[last].text == ":" and "\n" in text_of(doc)[doc[last].idx : open_tok.idx]
    )
    for j in range(last, max(-1, open_tok.i - 1 - BEFORE_WINDOW), -1):
        tok = doc[j]
        if ("\n" in tok.text_with_ws and not crossed) or tok.text in TERMINAL:
            return None
        if tok.text in MARKS and j < open_tok.i - 1:
            return None
        cue = cue_at(tok, cues, DIRECT_KINDS)
        if cue is not None:
            return cue
        crossed = False
    return None


def _dash_speaker(doc: Doc, close: int | None) -> Token | None:
    """The name after a dash that follows a closing mark: "“…” ― Jane Doe"."""
    if close is None:
        return None
    text = text_of(doc)
    pos = close + 1
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    if pos >= len(text) or text[pos] not in DASHES:
        return None
    first = doc.char_span(pos + 1, len(text), alignment_mode="expand")
    if first is None:
        return None
    name: Token | None = None
    for tok in first:
        if tok.idx <= pos or (tok.is_space and "\n" not in tok.text):
            continue
        if tok.pos_ != "PROPN":
            break
        name = tok
        if "\n" in tok.whitespace_:
            break
    return name


def _sentence_like(content: Span) -> bool:
    words = [t for t in content if t.is_alpha]
    return len(words) >= 3 and any(t.pos_ in ("VERB", "AUX") for t in content)


def _direct(doc: Doc, regions: list[Region], cues: Cues) -> list[_Draft]:
    drafts = []
    for region in regions:
        content = _content(doc, region)
        open_tok = _token_at(doc, region.open)
        if content is None or open_tok is None:
            continue
        close_tok = _token_at(doc, region.close) if region.close is not None else None
        if _is_fragment(doc, open_tok, cues):
            continue
        after = _cue_after(doc, close_tok, content, cues)
        if after is not None and close_tok is not None:
            end = after.end + AFTER_WINDOW
            speaker = _speaker_token(after, cues, close_tok.i + 1, min(len(doc), end))
            drafts.append(_Draft(content, True, after, speaker))
            continue
        before = _cue_before(doc, open_tok, cues)
        if before is not None:
            lo = max(0, before.start - BEFORE_WINDOW)
            speaker = _speaker_token(before, cues, lo, open_tok.i)
            drafts.append(_Draft(content, True, before, speaker))
            continue
        byline = _dash_speaker(doc, region.close)
        if byline is not None or _sentence_like(content):
            drafts.append(_Draft(content, True, None, byline, continues=byline is None))
    return drafts


def _according_clause(doc: Doc, phrase_head: Token) -> Span | None:
    head = phrase_head.head
    if head.i == phrase_head.i:
        return None
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    a_lo, a_hi = phrase_head.left_edge.i, phrase_head.right_edge.i + 1
    if a_lo <= lo:
        return _trim(doc, a_hi, hi, (",", ".", ";", ":"))
    if a_hi >= hi:
        return _trim(doc, lo, a_lo, (",", ".", ";", ":"))
    return _trim(doc, lo, a_lo, (",", ".", ";", ":"))


def _indirect(doc: Doc, cues: Cues, quoted: set[int], taken: set[int]) -> list[_Draft]:
    drafts = []
    kinds = ALL_KINDS
    lower, lemmas = lower_lemmas_of(doc)
    for i in range(len(doc)):
        if i in quoted or i in taken or (lower[i] not in cues.phrases
                                         and lemmas[i] not in cues.verbs):  # fmt: skip
            continue  # no cue starts here (`cue_at` looks these two up first)
        tok = doc[i]
        cue = cue_at(tok, cues, kinds)
        if cue is None:
            continue
        if tok.lower_ in cues.phrases:
            content = _according_clause(doc, tok)
        else:
            clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            if clause is None:
                continue
            content = _trim(doc, clause.left_edge.i, clause.right_edge.i + 1, (",", ".", ";"))
            if content is not None and content[0].lower_ == "that" and len(content) > 1:
                content = content[1:]
        if content is None or any(i in quoted for i in range(content.start, content.end)):
            continue
        lo = max(0, min(cue.start, content.start) - BEFORE_WINDOW)
        hi = min(len(doc), max(cue.end, content.end) + AFTER_WINDOW)
        drafts.append(_Draft(content, False, cue, _speaker_token(cue, cues, lo, hi, False)))
    return drafts


def find_quotes(doc: Doc, cues: Cues | None = None) -> list[QuoteSpan]:
    """Direct quotes and reported clauses of `doc`, in text order."""
    cues = cues or default_cues()
    regions = quote_regions(text_of(doc))
    quoted: set[int] = set()
    for region in regions:
        span = doc.char_span(region.start, region.end, alignment_mode="expand")
        if span is not None:
            quoted.update(range(span.start, span.end))
    direct = _direct(doc, regions, cues)
    direct_tokens = {i for d in direct for i in range(d.content.start, d.content.end)}
    taken = {d.cue[0].i for d in direct if d.cue is not None}
    indirect = _indirect(doc, cues, direct_tokens, taken)
    resolver = SpeakerResolver(doc, list(doc._.actors or []), quoted)
    out: list[QuoteSpan] = []
    last: QuoteSpan | None = None
    resolved: dict[int, tuple[ActorSpan | None, Span]] = {}
    drafts = sorted(direct + indirect, key=lambda d: (d.content.start, not d.direct))
    for d in drafts:
        if d.continues:
            near = last is not None and _paragraphs_between(doc, last.content, d.content) <= 1
            if near and last is not None:
                out.append(QuoteSpan(d.content, True, None, last.speaker, last.speaker_span))
            else:
                out.append(QuoteSpan(d.content, True, None, None, None))
            last = out[-1]
            continue
        speaker: ActorSpan | None = None
        speaker_span: Span | None = None
        if d.speaker_tok is not None:
            if d.speaker_tok.i not in resolved:
                resolved[d.speaker_tok.i] = resolver.resolve(d.speaker_tok)
            speaker, speaker_span = resolved[d.speaker_tok.i]
        out.append(QuoteSpan(d.content, d.direct, d.cue, speaker, speaker_span))
        if d.direct:
            last = out[-1]
    return out


def _paragraphs_between(doc: Doc, before: Span, after: Span) -> int:
    """How many non-empty paragraphs lie wholly between two spans."""
    lines = text_of(doc)[before.end_char : after.start_char].split("\n")
    return sum(1 for line in lines[1:-1] if line.strip())


def attribution_of(token: Token) -> QuoteSpan | None:
    """The innermost quote or reported clause (of ``doc._.quotes``) containing `token`."""
    quotes: list[QuoteSpan] = token.doc._.quotes or []
    inside = [q for q in quotes if q.content.start <= token.i < q.content.end]
    return min(inside, key=lambda q: len(q.content)) if inside else None


@Language.factory("repwatch_quotes", requires=["doc._.actors"], assigns=["doc._.quotes"])
def make_quotes(nlp: Language, name: str) -> QuotesComponent:
    return QuotesComponent(default_cues())


class QuotesComponent:
    def __init__(self, cues: Cues) -> None:
        if not Doc.has_extension("quotes"):
            Doc.set_extension("quotes", default=None)
        self.cues = cues

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = find_quotes(doc, self.cues)
        return doc
