"""The cue lexicon: words that attribute speech, writing, belief or evidence to a source.

Data lives in ``resources/quotes/cues.tsv``; columns:

``cue``   a verb lemma, optionally followed by the particle it needs ("point out"), or a
          two-word phrase whose second word takes the source as its object ("according
          to");
``kind``  speech | writing | belief | evidence | phrase.  Only speech, writing and
          phrase cues introduce a direct quote; belief ("X believes that") and evidence
          ("polls show that") cues only report a clause.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Span, Token

from repwatch.errors import ResourceError

CUE_KINDS = ("speech", "writing", "belief", "evidence", "phrase")
#: Cue kinds that may introduce a direct quote.
DIRECT_KINDS = frozenset({"speech", "writing", "phrase"})
ALL_KINDS = frozenset(CUE_KINDS)


@dataclass(frozen=True)
class Cues:
    """The cue lexicon: verb lemma -> (particle or "", kind); phrase head -> preposition."""

    verbs: dict[str, tuple[tuple[str, str], ...]]
    phrases: dict[str, str]


def load_cues(path: Path | None = None) -> Cues:
    path = path or Path(str(resources.files("repwatch") / "resources" / "quotes" / "cues.tsv"))
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]  # fmt: skip
    verbs: dict[str, list[tuple[str, str]]] = {}
    phrases: dict[str, str] = {}
    for n, row in enumerate(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE), 2):
        words = (row.get("cue") or "").lower().split()
        kind = (row.get("kind") or "").strip()
        if not words or len(words) > 2 or kind not in CUE_KINDS:
            raise ResourceError(f"{path.name}: line {n}: expected a cue and a kind {CUE_KINDS}")
        if kind == "phrase":
            if len(words) != 2:
                raise ResourceError(f"{path.name}: line {n}: a phrase cue has two words")
            phrases[words[0]] = words[1]
        else:
            verbs.setdefault(words[0], []).append((words[1] if len(words) > 1 else "", kind))
    return Cues({k: tuple(v) for k, v in verbs.items()}, phrases)


@lru_cache(maxsize=1)
def default_cues() -> Cues:
    return load_cues()


def cue_at(tok: Token, cues: Cues, kinds: frozenset[str]) -> Span | None:
    """The cue span if `tok` starts a cue of one of `kinds`."""
    doc = tok.doc
    prep = cues.phrases.get(tok.lower_)
    if prep is not None and "phrase" in kinds:
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ == prep:
            return doc[tok.i : tok.i + 2]
        return None
    if tok.pos_ != "VERB":
        return None
    for particle, kind in cues.verbs.get(tok.lemma_.lower(), ()):
        if kind not in kinds:
            continue
        if not particle:
            return doc[tok.i : tok.i + 1]
        prt = next((c for c in tok.rights if c.lower_ == particle), None)
        if prt is not None:
            return doc[tok.i : prt.i + 1]
    return None
