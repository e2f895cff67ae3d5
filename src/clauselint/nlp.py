"""The cached spaCy pipeline: blank English, built once per process, no model download."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def pipeline():
    import spacy  # deferred: spaCy is slow to import and only detection needs it

    return spacy.blank("en")
