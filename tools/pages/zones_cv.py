"""Cross-validation of the line-zoning model on the development half only (never the held-out half).

The shipped model is trained on every development page, so its development score is in-sample; this
script trains on k-1 folds of the development pages (plus the training pages, wrapped in the training
folds' chrome) and scores the pasted-text import of the pages left out, field by field as
benchmarks/page_accuracy.py does. Feature or parameter changes are judged by this figure.

Usage: python tools/pages/zones_cv.py [--folds 5]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from page_accuracy import CORPUS, FIELDS, Tally, pasted_text, read_page, score_page  # noqa: E402

from refman.formats.article_page.zones import tagger  # noqa: E402
from refman.formats.article_page.zones.train import examples, header_chrome, train, wrapped  # noqa: E402

EXTRA = [(ROOT / "resources/samples/sample-article.txt", ROOT / "tests/data/page_training/seed.gold.json")] + [
    (ROOT / f"tests/data/article_pages/{n}.txt", ROOT / f"tests/data/page_training/{n}.gold.json")
    for n in ("ojs3_flood_governance", "ojs2_perdagangan_orang", "publisher_island_resilience")
]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--verbose", action="store_true", help="print each page's reference count and wrong fields")
    args = parser.parse_args(argv)
    dev = json.loads((CORPUS / "split.json").read_text(encoding="utf-8"))["dev"]
    right: dict[str, int] = defaultdict(int)
    pages = 0
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.folds):
            test = dev[k :: args.folds]
            rest = [p for p in dev if p not in test]
            xs, ys, _skipped = examples(CORPUS, rest, EXTRA)
            more_x, more_y = wrapped(EXTRA, header_chrome(CORPUS, rest))
            path = Path(tmp) / f"fold{k}.crfsuite"
            train(xs + more_x, ys + more_y, path)
            tagger.model_path = lambda path=path: path  # type: ignore[assignment, misc]  # this fold's model
            for page_id in test:
                if not pasted_text(page_id, "text").strip():
                    continue  # no text to paste (a fixture that kept only the <head>), as the benchmark leaves out
                gold = json.loads((CORPUS / page_id / "gold.json").read_text(encoding="utf-8"))
                result = read_page(page_id, "text")
                scores = score_page(result, gold, pasted_text(page_id, "text"))
                tally.add(scores, result, gold)
                if args.verbose:
                    wrong = [name for name, ok in scores.items() if not ok]
                    print(page_id, "references", max(0, len(result.entries) - 1), "of", gold["reference_count"],
                          "wrong:", " ".join(wrong))
                pages += 1
                for name, ok in scores.items():
                    right[name] += int(ok)
    article = [f for f in FIELDS if f not in ("ref_count", "first_ref", "last_ref")]
    print(" ".join(f"{f}={right[f] / pages:.2f}" for f in FIELDS))
    print(f"article fields {sum(right[f] for f in article) / (pages * len(article)):.3f} over {pages} pages")
    print(f"references found {tally.found / max(1, tally.gold_refs):.3f}, missed {tally.missed}, junk {tally.junk}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
