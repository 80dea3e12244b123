"""The trigger lexicon loads, validates and reads multiword entries the right way round."""

from __future__ import annotations

from pathlib import Path

import pytest

from repwatch.errors import ResourceError
from repwatch.model import PLOVER_TYPES
from repwatch.nlp import lexicon

HEADER = "trigger\tpos\ttype\tmode\tframe\tintent\n"


def test_lexicon_bundled_covers_every_plover_type() -> None:
    lex = lexicon.load()
    types = {t.type for triggers in lex.by_lemma.values() for t in triggers}
    assert types == set(PLOVER_TYPES)


@pytest.mark.parametrize(
    ("row", "lemma", "needs"),
    [
        ("call for\tVERB\tREQUEST\t\tirrealis\t", "call", ("for",)),
        ("hunger strike\tNOUN\tPROTEST\thunger\t\t", "strike", ("hunger",)),
        ("state of emergency\tNOUN\tCOERCE\tmartial-law\t\t", "state", ("of", "emergency")),
    ],
)
def test_lexicon_multiword_heads(
    tmp_path: Path, row: str, lemma: str, needs: tuple[str, ...]
) -> None:
    path = tmp_path / "t.tsv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    (trigger,) = lexicon.load(path).candidates(lemma)
    assert trigger.needs == needs


def test_lexicon_specific_entries_tried_first(tmp_path: Path) -> None:
    path = tmp_path / "t.tsv"
    path.write_text(
        HEADER + "call\tVERB\tCONSULT\t\t\t\ncall for\tVERB\tREQUEST\t\t\t\n", encoding="utf-8"
    )
    assert [t.type for t in lexicon.load(path).candidates("call")] == ["REQUEST", "CONSULT"]


@pytest.mark.parametrize(
    "row", ["arrest\tVERB\tARREST\t\t\t", "arrest\tADJ\tCOERCE\t\t\t", "\tVERB\tCOERCE\t\t\t"]
)
def test_lexicon_bad_row_is_a_resource_error(tmp_path: Path, row: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="bad.tsv: line 2"):
        lexicon.load(path)
