from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from repwatch.model import Article, Extraction
from repwatch.nlp import pipeline


@pytest.fixture(scope="session")
def nlp() -> Language:
    return pipeline.load(extra_dictionaries=())


@pytest.fixture(scope="session")
def extract_text(nlp: Language) -> Callable[[str], Extraction]:
    def run(text: str) -> Extraction:
        article = Article(id="t", text=text)
        return next(pipeline.extract([article], nlp))

    return run
