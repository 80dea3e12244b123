"""The pipeline's composition: what it records about itself."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from repwatch.nlp.pipeline import extractor_version


def test_pipeline_extractor_version_names_loaded_models() -> None:
    """A stage that loaded a learned model adds the model's version; rules alone say so."""

    class Stage:
        model_version = "acled-subevent-0badc0de"

        def __call__(self, doc: Doc) -> Doc:
            return doc

    nlp = spacy.blank("en")
    assert extractor_version(nlp).endswith("+rules")
    spacy.language.Language.component("fake_model_stage", func=Stage())
    nlp.add_pipe("fake_model_stage")
    assert extractor_version(nlp).endswith("+rules+acled-subevent-0badc0de")
