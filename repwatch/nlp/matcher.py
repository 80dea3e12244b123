"""Find dictionary surface forms in a Doc: longest match first, left to right.

A small token-tuple index instead of spaCy's PhraseMatcher, because aliases are
matched accent- and case-insensitively (`dictionary.fold`) except short all-caps
acronyms, which must match exactly ("US" the country, not "us" the pronoun).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from repwatch.nlp.dictionary import Dictionary, Entry, fold
from repwatch.nlp.doctext import words_of


@dataclass(frozen=True)
class Match:
    start: int  # token index
    end: int  # token index, exclusive
    entries: tuple[Entry, ...]


class AliasIndex:
    """Token-sequence index of every alias in a `Dictionary`."""

    def __init__(self, nlp: Language, dictionary: Dictionary) -> None:
        self.folded: dict[tuple[str, ...], tuple[Entry, ...]] = {}
        self.exact: dict[tuple[str, ...], tuple[Entry, ...]] = {}
        self.max_len = 1
        for alias, entries in dictionary.folded.items():
            # the folded alias is lower case, and the tokenizer splits some words that it
            # keeps whole when capitalised ("gen." but "Gen."): index both spellings
            keys = {
                tuple(fold(t.text) for t in nlp.make_doc(form)) for form in (alias, alias.title())
            }
            for key in keys:
                self.folded[key] = self.folded.get(key, ()) + entries
                self.max_len = max(self.max_len, len(key))
        for alias, entries in dictionary.exact.items():
            key = tuple(t.text for t in nlp.make_doc(alias))
            self.exact[key] = self.exact.get(key, ()) + entries
            self.max_len = max(self.max_len, len(key))
        # the key lengths each first word starts, longest first: `find` tries only those
        self.lengths_folded = _lengths(self.folded)
        self.lengths_exact = _lengths(self.exact)

    def find(self, doc: Doc) -> list[Match]:
        texts = words_of(doc)
        folded = [fold(t) for t in texts]
        out: list[Match] = []
        i, n = 0, len(doc)
        while i < n:
            best: Match | None = None
            by_folded = self.lengths_folded.get(folded[i])
            by_exact = self.lengths_exact.get(texts[i])
            if by_folded or by_exact:
                lengths = sorted({*(by_folded or ()), *(by_exact or ())}, reverse=True)
                for length in (k for k in lengths if k <= n - i):
                    entries = self.exact.get(tuple(texts[i : i + length]), ()) + self.folded.get(
                        tuple(folded[i : i + length]), ()
                    )
                    if entries:
                        best = Match(i, i + length, entries)
                        break
            if best is None:
                i += 1
            else:
                out.append(best)
                i = best.end
        return out


def _lengths(index: dict[tuple[str, ...], tuple[Entry, ...]]) -> dict[str, tuple[int, ...]]:
    found: dict[str, set[int]] = {}
    for key in index:
        found.setdefault(key[0], set()).add(len(key))
    return {first: tuple(sorted(lengths, reverse=True)) for first, lengths in found.items()}
