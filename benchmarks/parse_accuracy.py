"""Accuracy and speed of the free-text reference parser (issue 3).

Prints field-level precision/recall/F1 (a field = a run of tokens with one label; exact match after
whitespace/dash normalisation and trimming of separating punctuation) and whole-reference accuracy for:
  * 5-fold cross-validation on AnyStyle core.xml (fold k = every 5th reference from k, no shuffling);
  * the model trained on all of core.xml (the shipped one) on gold.xml minus the references also in core;
  * the same model on good/bad/ugly.xml minus core, as robustness figures (where those files are found).
Each is shown twice: with AnyStyle's labels as they are, and with the labels refman keeps apart
(journal and container-title both become Entry.container; director/producer are authors).
Predicted labels go through the same rule-based relabelling as in the parser (refstrings/relabel.py).
Then an "unseen styles" score: the shipped parser, end to end, on references composed by hand in seven styles
(tests/data/refstrings/styles_eval.json, none from the training data), entry-field F1 per style.
Then the time to parse 1,000 references end to end (split fields, names, clean-up) on one core.

Usage: python benchmarks/parse_accuracy.py [--no-cv] [--jobs N] [--folds K] [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from refman.formats.refstrings.dataset import Sequence, dataset_path, load_dataset, load_xml
from refman.formats.refstrings.evaluation import Scores, score_entry
from refman.formats.refstrings.relabel import relabel
from refman.formats.refstrings.tagger import model_path
from refman.formats.refstrings.train import label_with, train

REFMAN_FIELDS = {"container-title": "container", "journal": "container", "director": "author", "producer": "author"}


def _score(seqs: list[Sequence], predicted: list[list[str]]) -> tuple[Scores, Scores]:
    """Score the labels as the parser uses them: CRF output after the rule-based relabelling."""
    strict, mapped = Scores(), Scores()
    for seq, crf in zip(seqs, predicted, strict=True):
        pred = relabel(seq.tokens, crf)
        strict.add(seq.tokens, seq.labels, pred)
        mapped.add(
            seq.tokens,
            [REFMAN_FIELDS.get(x, x) for x in seq.labels],
            [REFMAN_FIELDS.get(x, x) for x in pred],
        )
    return strict, mapped


def _fold(args: tuple[int, int]) -> tuple[Scores, Scores, float]:
    k, folds = args
    core = load_dataset("core")
    test = core[k::folds]
    training = [s for i, s in enumerate(core) if i % folds != k]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fold{k}.json.gz"
        start = time.perf_counter()
        train(training, path)
        elapsed = time.perf_counter() - start
        strict, mapped = _score(test, label_with(path, test))
    return strict, mapped, elapsed


def _report(title: str, strict: Scores, mapped: Scores) -> None:
    print(f"\n== {title}: {strict.references} references")
    print(strict.table())
    p, r, f = mapped.micro()
    print(
        f"refman fields (journal+container-title -> container): P {p:.3f} R {r:.3f} F1 {f:.3f}, "
        f"whole-reference {mapped.reference_accuracy:.3f}"
    )


def cross_validation(folds: int, jobs: int) -> None:
    strict, mapped = Scores(), Scores()
    times = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for s, m, t in pool.map(_fold, [(k, folds) for k in range(folds)]):
            strict.merge(s)
            mapped.merge(m)
            times.append(t)
    _report(f"{folds}-fold cross-validation on core.xml (training {sum(times) / len(times):.0f} s per fold)", strict, mapped)


def held_out(model: Path) -> None:
    core_texts = {s.text for s in load_dataset("core")}
    for name in ("gold", "good", "bad", "ugly"):
        path = dataset_path(name)
        if not path.exists():
            print(f"\n== {name}.xml not found, skipped")
            continue
        seqs = [s for s in load_xml(path) if s.text not in core_texts]
        strict, mapped = _score(seqs, label_with(model, seqs))
        _report(f"model trained on core, evaluated on {name}.xml minus core", strict, mapped)


STYLES_EVAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "refstrings" / "styles_eval.json"


def unseen_styles(show_misses: bool = False) -> None:
    """Entry-field F1 per style on hand-composed references (parse_reference end to end, shipped model)."""
    from refman.formats.refstrings import parse_reference
    from refman.formats.refstrings.evaluation import entry_value, truth_value

    refs = json.loads(STYLES_EVAL.read_text("utf-8"))["references"]
    by_style: dict[str, Scores] = {}
    total = Scores()
    for ref in refs:
        entry = parse_reference(ref["text"])
        s = by_style.setdefault(ref["style"], Scores())
        score_entry(s, entry, ref)
        score_entry(total, entry, ref)
        if show_misses:
            for key in ref:
                if key not in ("style", "text") and entry_value(entry, key) != truth_value(ref, key):
                    print(f"  miss {ref['style']:<27} {key:<9} want {truth_value(ref, key)!r} got {entry_value(entry, key)!r}")
    print(f"\n== unseen styles: {len(refs)} hand-composed references (tests/data/refstrings/styles_eval.json)")
    print(f"{'style':<28}{'refs':>5}{'P':>7}{'R':>7}{'F1':>7}{'whole':>7}")
    for style, s in [*by_style.items(), ("ALL", total)]:
        p, r, f = s.micro()
        print(f"{style:<28}{s.references:>5}{p:7.3f}{r:7.3f}{f:7.3f}{s.reference_accuracy:7.3f}")


def speed() -> None:
    from refman.formats.refstrings import parse_reference

    refs = [s.text for s in load_dataset("gold")][:1000]
    parse_reference(refs[0])  # load the model once
    start = time.perf_counter()
    for ref in refs:
        parse_reference(ref)
    elapsed = time.perf_counter() - start
    print(f"\n== speed: parsed {len(refs)} references in {elapsed:.2f} s on one core ({1000 * elapsed / len(refs):.2f} ms each)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-cv", action="store_true", help="skip the cross-validation (it trains 3 CRF experts per fold)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--misses", action="store_true", help="list every field the unseen-styles check gets wrong")
    args = ap.parse_args()
    model = model_path()
    if not model.exists():
        print(f"no model at {model}; run `make model` first", file=sys.stderr)
        return 1
    if not args.no_cv:
        cross_validation(args.folds, args.jobs)
    held_out(model)
    unseen_styles(args.misses)
    speed()
    return 0


if __name__ == "__main__":
    sys.exit(main())
