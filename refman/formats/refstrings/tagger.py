"""The shipped CRF model, loaded once per process, and the labelling of one reference's tokens."""

from __future__ import annotations

import threading
from pathlib import Path

import pycrfsuite

from refman.core.errors import RefmanError
from refman.formats.refstrings.features import token_features
from refman.formats.refstrings.labels import field_labels
from refman.resources import resource_path

MODEL_NAME = "refstrings.crfsuite"
_lock = threading.Lock()
_taggers: dict[Path, pycrfsuite.Tagger] = {}


class ModelMissingError(RefmanError):
    """The reference model file is absent: run `make model`."""


def model_path() -> Path:
    return resource_path(MODEL_NAME)


def tagger(path: Path | None = None) -> pycrfsuite.Tagger:
    """A ready tagger for `path` (default: the shipped model); opened on first use."""
    p = path or model_path()
    with _lock:
        t = _taggers.get(p)
        if t is None:
            if not p.exists():
                raise ModelMissingError(f"reference model not found at {p}; run `make model`")
            t = pycrfsuite.Tagger()
            t.open(str(p))
            _taggers[p] = t
        return t


def label(tokens: list[str], path: Path | None = None) -> list[str]:
    """One AnyStyle label per token."""
    if not tokens:
        return []
    t = tagger(path)
    with _lock:
        return field_labels(t.tag(token_features(tokens)))
