"""Train the line-zoning CRF on the development half of the page corpus (never the held-out half).

Each corpus page's pasted text (page.txt) is labelled from its gold file (labelling.py); the seed page
is added with its own gold. `python -m refman.formats.article_page.zones.train --corpus tests/data/pages
--out resources/page-zones.crfsuite` rebuilds the shipped model (`make zones-model`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pycrfsuite

from refman.formats.article_page.lines import PageLine, split_lines
from refman.formats.article_page.zones.features import line_features
from refman.formats.article_page.zones.labelling import gold_labels

PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 200, "feature.possible_transitions": True}


def examples(corpus: Path, ids: list[str], extra: list[tuple[Path, Path]] = ()) -> tuple[list, list, list[str]]:  # type: ignore[assignment, type-arg]
    """(feature sequences, label sequences, ids that could not be labelled)."""
    xs: list[list[dict[str, float]]] = []
    ys: list[list[str]] = []
    skipped: list[str] = []
    pairs = [(corpus / i / "page.txt", corpus / i / "gold.json") for i in ids] + list(extra)
    for text_path, gold_path in pairs:
        if not text_path.exists() or not gold_path.exists():
            skipped.append(text_path.parent.name)
            continue
        lines: list[PageLine] = split_lines(text_path.read_text(encoding="utf-8"))
        labels = gold_labels(lines, json.loads(gold_path.read_text(encoding="utf-8")))
        if labels is None:
            skipped.append(text_path.parent.name)
            continue
        content, features = line_features(lines)
        xs.append(features)
        ys.append([labels[i] for i in content])
    return xs, ys, skipped


def train(xs: list[list[dict[str, float]]], ys: list[list[str]], out: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    trainer.set_params(PARAMS)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=Path("tests/data/pages"))
    parser.add_argument("--out", type=Path, default=Path("resources/page-zones.crfsuite"))
    parser.add_argument("--extra", nargs="*", default=[], metavar="TEXT=GOLD",
                        help="more training pages: a pasted page's text file and its gold file")
    args = parser.parse_args(argv)
    split = json.loads((args.corpus / "split.json").read_text(encoding="utf-8"))
    extra = [(Path(pair.split("=", 1)[0]), Path(pair.split("=", 1)[1])) for pair in args.extra]
    xs, ys, skipped = examples(args.corpus, list(split["dev"]), extra)
    train(xs, ys, args.out)
    print(f"trained on {len(xs)} pages ({sum(len(x) for x in xs)} lines); not labelled: {', '.join(skipped) or '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
