"""The shipped line-zoning model, loaded once per process, and the zones of one pasted page.

The model (`resources/page-zones.crfsuite`, trained by `zones/train.py` on the development half of the
page corpus) labels each non-blank line title, author, abstract, ref or other. The reader uses it where the
page's own labels leave it guessing: which line is the title when menus and sidebars come first, and where
the bibliography really begins and ends.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from refman.formats.article_page.lines import PageLine
from refman.formats.article_page.zones.features import line_features
from refman.resources import resource_path

MODEL_NAME = "page-zones.crfsuite"
_lock = threading.Lock()
_taggers: dict[Path, pycrfsuite.Tagger] = {}


@dataclass(frozen=True, slots=True)
class Zones:
    """One label per page line (blank lines 'other') and the model's confidence in each."""

    labels: tuple[str, ...]
    confidence: tuple[float, ...]
    title_probability: tuple[float, ...] = ()  # P(title) of each line: a page has one title, so its argmax

    def indexes(self, label: str) -> list[int]:
        return [i for i, have in enumerate(self.labels) if have == label]


def model_path() -> Path:
    return resource_path(MODEL_NAME)


def _tagger(path: Path) -> pycrfsuite.Tagger | None:
    with _lock:
        tagger = _taggers.get(path)
        if tagger is None:
            if not path.exists():
                return None
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            _taggers[path] = tagger
        return tagger


def zones(lines: list[PageLine], path: Path | None = None) -> Zones | None:
    """The page's line zones, or None when no model is installed (the reader then uses its rules alone)."""
    tagger = _tagger(path or model_path())
    if tagger is None:
        return None
    content, features = line_features(lines)
    labels = ["other"] * len(lines)
    confidence = [1.0] * len(lines)
    title = [0.0] * len(lines)
    if content:
        with _lock:  # a crfsuite Tagger holds the last sequence: one page at a time
            tagged = tagger.tag(features)
            marginals = [tagger.marginal(label, k) for k, label in enumerate(tagged)]
            titles = [tagger.marginal("title", k) for k in range(len(content))]
        for k, i in enumerate(content):
            labels[i] = tagged[k]
            confidence[i] = marginals[k]
            title[i] = titles[k]
    return Zones(tuple(labels), tuple(confidence), tuple(title))
