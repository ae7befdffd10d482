"""The three CRF experts of the pooled model: one on every feature and two on complementary halves.

Feature bagging (Sutton, Sindelar & McCallum 2006, "Reducing weight undertraining in structured
discriminative learning"): a CRF trained on all features leans on the strongest ones (the words themselves)
and leaves the weaker, more general ones (shapes, punctuation, chunk structure, keyword tags) under-trained.
An expert that never sees word identities must learn from the structure, one that sees mostly words learns
the vocabulary, and the product of the three (pooled.py) is better than any of them. In 5-fold
cross-validation on core.xml, field F1: all features 0.917, structure 0.903, words 0.888, the pool of the
three with equal weights 0.923 (the pool of the two halves alone 0.921; benchmarks/parse_accuracy.py).
"""

from __future__ import annotations

from collections.abc import Callable

FeatureFilter = Callable[[list[str]], list[str]]

# Features that name a word: the word, its raw form, affixes, the window words and word bigrams, the first
# word of the chunk and of the chunk before.
_WORD_FEATURES = (
    "w=", "t=", "p1=", "p2=", "p3=", "s1=", "s2=", "s3=", "s4=", "cf=", "pcf=",
    "-3w=", "-2w=", "-1w=", "1w=", "2w=", "3w=", "-1w|w=", "w|1w=",
)
# The words expert keeps those plus the keyword and name tags, the token class and final punctuation, and
# the relative position: enough to read a word in place, nothing about the shape of the whole reference.
_WORDS_EXPERT = (*_WORD_FEATURES, "bias", "d=", "x=", "-1x=", "1x=", "pos=", "c=", "e=")


def _everything(feats: list[str]) -> list[str]:
    return feats


def _structure(feats: list[str]) -> list[str]:
    return [f for f in feats if not f.startswith(_WORD_FEATURES)]


def _words(feats: list[str]) -> list[str]:
    return [f for f in feats if f.startswith(_WORDS_EXPERT)]


# (name, feature filter, weight in the pool). Equal weights: they were not tuned on the evaluation data.
EXPERTS: tuple[tuple[str, FeatureFilter, float], ...] = (
    ("all", _everything, 1 / 3),
    ("structure", _structure, 1 / 3),
    ("words", _words, 1 / 3),
)
