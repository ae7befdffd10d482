"""The shipped reference model, loaded once per process, and the labelling of one reference's tokens."""

from __future__ import annotations

import threading
from pathlib import Path

from refman.core.errors import RefmanError
from refman.formats.refstrings.features import token_features
from refman.formats.refstrings.labels import field_labels
from refman.formats.refstrings.pooled import PooledCRF
from refman.resources import resource_path

MODEL_NAME = "refstrings-crf.json.gz"
_lock = threading.Lock()
_models: dict[Path | None, PooledCRF] = {}


class ModelMissingError(RefmanError):
    """The reference model file is absent: run `make model`."""


def model_path() -> Path:
    return resource_path(MODEL_NAME)


def model(path: Path | None = None) -> PooledCRF:
    """The model at `path` (default: the shipped one), loaded on first use."""
    with _lock:
        m = _models.get(path)  # keyed by the argument: finding the default file costs more than a reference
        if m is None:
            p = path or model_path()
            if not p.exists():
                raise ModelMissingError(f"reference model not found at {p}; run `make model`")
            m = PooledCRF.load(p)
            _models[path] = m
        return m


def label(tokens: list[str], path: Path | None = None) -> list[str]:
    """One AnyStyle label per token."""
    if not tokens:
        return []
    return field_labels(model(path).tag(token_features(tokens)))
