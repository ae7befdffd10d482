"""Train the reference model: `python -m refman.formats.refstrings.train --out resources/refstrings-crf.json.gz`.

Three CRF experts (experts.py: all features, the structure ones, the word ones) are trained by crfsuite on
boundary-marked labels (labels.py: "B-title"/"E-title" on a field's first/last token) and pooled into one
model (pooled.py). Deterministic: sequences are used in file order, L-BFGS has no random start, and the
pooled file is written without timestamps, so the same data and parameters give the same model file.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence as Seq
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pycrfsuite

from refman.formats.refstrings.dataset import Sequence, load_dataset
from refman.formats.refstrings.experts import EXPERTS
from refman.formats.refstrings.features import token_features
from refman.formats.refstrings.labels import boundary_labels, field_labels
from refman.formats.refstrings.pooled import PooledCRF

# c1 (L1) prunes weak features, which keeps the model small; c2 (L2) smooths the rest. Measured on two CV folds
# (one CRF on all features): c1 0.02 or 0.1 score the same (0.02 doubles the model), c1 0.2 or c2 0.05 lose
# 0.3-0.8 points, and stopping L-BFGS at 180 or 400 iterations instead of 250 loses 0.1-0.2 points.
DEFAULT_PARAMS: dict[str, object] = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 250,
    "feature.possible_transitions": True,
    "feature.minfreq": 1,
}

_FILTERS = {name: keep for name, keep, _ in EXPERTS}


def train_expert(
    features: Seq[list[list[str]]], labels: Seq[list[str]], expert: str, out: Path,
    params: dict[str, object] | None = None,
) -> Path:
    """Fit one crfsuite CRF on the features the named expert sees and write it to `out`."""
    keep = _FILTERS[expert]
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for feats, labs in zip(features, labels, strict=True):
        trainer.append([keep(f) for f in feats], labs)
    trainer.set_params({**DEFAULT_PARAMS, **(params or {})})
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return out


def train(sequences: Seq[Sequence], out: Path, params: dict[str, object] | None = None, jobs: int = 1) -> Path:
    """Fit the experts on `sequences` (in up to `jobs` processes), pool them and write the pooled model to `out`."""
    features = [token_features(seq.tokens) for seq in sequences]
    labels = [boundary_labels(seq.segments) for seq in sequences]
    with tempfile.TemporaryDirectory() as tmp:
        names = [name for name, _, _ in EXPERTS]
        paths = [Path(tmp) / f"{name}.crfsuite" for name in names]
        n = len(EXPERTS)
        args = ([features] * n, [labels] * n, names, paths, [params] * n)
        if jobs > 1:
            with ProcessPoolExecutor(max_workers=min(jobs, n)) as pool:
                list(pool.map(train_expert, *args))
        else:
            list(map(train_expert, *args))
        return PooledCRF.from_experts([(path, weight) for (_, _, weight), path in zip(EXPERTS, paths, strict=True)]).save(out)


def label_with(model: Path, sequences: Seq[Sequence]) -> list[list[str]]:
    """AnyStyle labels for each sequence from the pooled model at `model`."""
    crf = PooledCRF.load(model)
    return [field_labels(crf.tag(token_features(seq.tokens))) for seq in sequences]


def train_to_bytes(sequences: Seq[Sequence], params: dict[str, object] | None = None) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return train(sequences, Path(tmp) / "model.json.gz", params).read_bytes()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, required=True, help="where to write the model")
    ap.add_argument("--data", default="core", help="AnyStyle dataset name (default: core)")
    ap.add_argument("--jobs", type=int, default=1, help="train the experts in this many processes")
    args = ap.parse_args(argv)
    sequences = load_dataset(args.data)
    train(sequences, args.out, jobs=args.jobs)
    print(f"trained on {len(sequences)} references -> {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
