"""Train the reference CRF: `python -m refman.formats.refstrings.train --out resources/refstrings.crfsuite`.

Labels are boundary-marked (labels.py: "B-title"/"E-title" on a field's first/last token). Deterministic:
sequences are used in file order and L-BFGS has no random start, so the same data and parameters give the
same model file.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence as Seq
from pathlib import Path

import pycrfsuite

from refman.formats.refstrings.dataset import Sequence, load_dataset
from refman.formats.refstrings.features import token_features
from refman.formats.refstrings.labels import boundary_labels, field_labels

# c1 (L1) prunes weak features, which keeps the model small; c2 (L2) smooths the rest. Measured on two CV folds:
# c1 0.02 or 0.1 score the same (0.02 doubles the model), c1 0.2 or c2 0.05 lose 0.3-0.8 points, and stopping
# L-BFGS at 180 or 400 iterations instead of 250 loses 0.1-0.2 points.
DEFAULT_PARAMS: dict[str, object] = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 250,
    "feature.possible_transitions": True,
    "feature.minfreq": 1,
}


def train(sequences: Seq[Sequence], out: Path, params: dict[str, object] | None = None) -> Path:
    """Fit a CRF on `sequences` and write it to `out`."""
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for seq in sequences:
        trainer.append(token_features(seq.tokens), boundary_labels(seq.segments))
    trainer.set_params({**DEFAULT_PARAMS, **(params or {})})
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return out


def label_with(model: Path, sequences: Seq[Sequence]) -> list[list[str]]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    try:
        return [field_labels(tagger.tag(token_features(seq.tokens))) for seq in sequences]
    finally:
        tagger.close()


def train_to_bytes(sequences: Seq[Sequence], params: dict[str, object] | None = None) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = train(sequences, Path(tmp) / "model.crfsuite", params)
        return path.read_bytes()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, required=True, help="where to write the model")
    ap.add_argument("--data", default="core", help="AnyStyle dataset name (default: core)")
    args = ap.parse_args(argv)
    sequences = load_dataset(args.data)
    train(sequences, args.out)
    print(f"trained on {len(sequences)} references -> {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
