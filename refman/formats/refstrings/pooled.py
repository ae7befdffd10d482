"""A pooled linear-chain CRF: the weighted sum of several crfsuite models' weights, decoded by Viterbi.

A logarithmic opinion pool of CRFs (Smith, Cohn & Osborne 2005) multiplies the experts' distributions;
since each is log-linear, the product is one CRF whose weights are the weighted sums of theirs. The pool is
therefore stored as a single model: state weights per attribute, a transition matrix, and the label names,
in a gzip'd JSON file written byte-for-byte reproducibly. crfsuite trains the experts (train.py) but has
no way to load summed weights, so decoding is done here: the state scores of a reference are a gather and
a segment sum over a dense weight matrix, and Viterbi is one vectorised step per token.
Decoding a single expert this way gives exactly crfsuite's own labels (tests/test_refstrings_model.py).
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Sequence
from itertools import repeat
from pathlib import Path

import numpy as np
import pycrfsuite

FORMAT = "refman-pooled-crf/1"


class PooledCRF:
    """State weights (attribute x label), transition weights (label x label) and the label names."""

    def __init__(self, labels: list[str], attributes: list[str], states: np.ndarray, transitions: np.ndarray):
        self.labels = labels
        self._row = {a: i for i, a in enumerate(attributes)}
        # One extra all-zero row: what an attribute the model does not know adds in scores().
        self._zero_row = len(attributes)
        self._states = np.vstack([states, np.zeros((1, len(labels)))])
        self._transitions = transitions

    # --- building and storing -------------------------------------------------------------------------
    @classmethod
    def from_experts(cls, experts: Sequence[tuple[Path, float]]) -> PooledCRF:
        """Sum the weights of crfsuite models, each scaled by its pool weight."""
        dumps = []
        for path, weight in experts:
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            try:
                dumps.append((tagger.info(), weight))
            finally:
                tagger.close()
        labels = sorted({lab for info, _ in dumps for lab in info.labels})
        col = {lab: i for i, lab in enumerate(labels)}
        attributes = sorted({attr for info, _ in dumps for attr, _lab in info.state_features})
        row = {a: i for i, a in enumerate(attributes)}
        states = np.zeros((len(attributes), len(labels)))
        transitions = np.zeros((len(labels), len(labels)))
        for info, weight in dumps:
            for (attr, lab), w in info.state_features.items():
                states[row[attr], col[lab]] += weight * w
            for (a, b), w in info.transitions.items():
                transitions[col[a], col[b]] += weight * w
        return cls(labels, attributes, states, transitions)

    def to_bytes(self) -> bytes:
        """The model file: gzip'd JSON with sorted, rounded weights and no timestamp, so equal models give equal bytes."""
        sparse: dict[str, list[list[float]]] = {}
        for attr, i in self._row.items():
            cells = [[j, w] for j, x in enumerate(self._states[i]) if (w := round(float(x), 6)) != 0.0]
            if cells:
                sparse[attr] = cells
        doc = {
            "format": FORMAT,
            "labels": self.labels,
            "transitions": [[round(float(w), 6) for w in r] for r in self._transitions],
            "states": sparse,
        }
        text = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
            gz.write(text.encode("utf-8"))
        return buf.getvalue()

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.to_bytes())
        return path

    @classmethod
    def load(cls, path: Path) -> PooledCRF:
        doc = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
        if doc.get("format") != FORMAT:
            raise ValueError(f"{path}: not a {FORMAT} model (format {doc.get('format')!r})")
        labels: list[str] = doc["labels"]
        attributes = sorted(doc["states"])
        states = np.zeros((len(attributes), len(labels)))
        for i, attr in enumerate(attributes):
            for j, w in doc["states"][attr]:
                states[i, int(j)] = w
        return cls(labels, attributes, states, np.array(doc["transitions"], dtype=float).reshape(len(labels), len(labels)))

    # --- decoding -------------------------------------------------------------------------------------
    def scores(self, features: Sequence[Sequence[str]]) -> np.ndarray:
        """State score of every label at every token: the sum of the weights of the token's known attributes."""
        get = self._row.get
        zero = repeat(self._zero_row)  # unknown attributes read the all-zero row
        rows: list[int] = []
        starts: list[int] = []
        for feats in features:
            starts.append(len(rows))
            rows.extend(map(get, feats, zero))
        return np.add.reduceat(self._states[rows], starts, axis=0)

    def tag(self, features: Sequence[Sequence[str]]) -> list[str]:
        """The highest-scoring label sequence (Viterbi)."""
        n = len(features)
        if n == 0:
            return []
        states = self.scores(features)
        width = len(self.labels)
        back = np.empty((n, width), dtype=np.intp)
        cand = np.empty((width, width))
        columns = np.arange(width)
        score = states[0]
        for t in range(1, n):
            np.add(score[:, None], self._transitions, out=cand)
            best = cand.argmax(axis=0)
            back[t] = best
            score = cand[best, columns] + states[t]
        best = [int(score.argmax())]
        for t in range(n - 1, 0, -1):
            best.append(int(back[t, best[-1]]))
        return [self.labels[i] for i in reversed(best)]
