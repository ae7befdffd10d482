"""Train the line-zoning CRF on the development half of the page corpus (never the held-out half).

Each corpus page's pasted text (page.txt) is labelled from its gold file (labelling.py); the seed page
is added with its own gold. `python -m refman.formats.article_page.zones.train --corpus tests/data/pages
--out resources/page-zones.crfsuite` rebuilds the shipped model (`make zones-model`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import pycrfsuite

from refman.formats.article_page.lines import PageLine, split_lines
from refman.formats.article_page.zones.features import line_features
from refman.formats.article_page.zones.labelling import gold_labels

PARAMS = {"c1": 0.2, "c2": 0.05, "max_iterations": 200, "feature.possible_transitions": True}


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


def header_chrome(corpus: Path, ids: list[str], galleys: bool = True) -> list[list[PageLine]]:
    """The site chrome above the article title of each corpus page (menus, search boxes, sidebars).

    A galley that prints its title last (First Monday's full text) has the whole article above it;
    `galleys=False` leaves such pages out. Training keeps them: by 5-fold CV on the development half,
    leaving them out lowered the article fields from 0.555 to 0.538.
    """
    out: list[list[PageLine]] = []
    for page_id in ids:
        text_path, gold_path = corpus / page_id / "page.txt", corpus / page_id / "gold.json"
        if not text_path.exists() or not gold_path.exists():
            continue
        lines = split_lines(text_path.read_text(encoding="utf-8"))
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        labels = gold_labels(lines, gold)
        if labels is None or "title" not in labels or labels.index("title") == 0:
            continue
        above = labels[: labels.index("title")]
        if not galleys and any(label in ("ref", "abstract", "author") for label in above):
            continue  # a galley that prints its title last (First Monday): above it is the article, not chrome
        out.append([ln for ln in lines[: labels.index("title")] if not _states_the_article(ln.text, gold)])
    return out


_ISSUE_LINE = re.compile(r"^vol(?:ume)?\.?\s*\d+\s*(?:\(\d{4}\))?,\s*(?:issue|no\.?|number|article\s+id)\b", re.I)


def _states_the_article(text: str, gold: dict[str, object]) -> bool:
    """Lines above a title that cite the article itself (its DOI, "Molecules 2014, 19(4), 5150-5162",
    "Volume 19, Issue 4") are the article's own, not the site's: around another article they would
    state a fact about the wrong one."""
    doi, journal, year = str(gold.get("doi") or ""), str(gold.get("journal") or ""), str(gold.get("year") or "")
    lowered = text.casefold()
    return bool(
        (doi and doi.casefold() in lowered)
        or (journal and year and lowered.startswith(f"{journal} {year}".casefold()))
        or _ISSUE_LINE.match(text)
    )


def wrapped(extra: list[tuple[Path, Path]], chrome: list[list[PageLine]]) -> tuple[list, list]:  # type: ignore[type-arg]
    """Each extra page once in every site's chrome, before, after, or on both sides in turn: pages are
    pasted with whatever the site prints around them, and the title must still be found."""
    xs: list[list[dict[str, float]]] = []
    ys: list[list[str]] = []
    for n, (head, (text_path, gold_path)) in enumerate(
        (h, e) for h in chrome for e in extra
    ):
        page = text_path.read_text(encoding="utf-8")
        block = "\n".join(line.raw for line in head)
        text = [f"{block}\n{page}", f"{page}\n{block}", f"{block}\n{page}\n{block}"][n % 3]
        lines = split_lines(text)
        labels = gold_labels(lines, json.loads(gold_path.read_text(encoding="utf-8")))
        if labels is None:
            continue
        content, features = line_features(lines)
        xs.append(features)
        ys.append([labels[i] for i in content])
    return xs, ys


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
    more_x, more_y = wrapped(extra, header_chrome(args.corpus, list(split["dev"])))
    train(xs + more_x, ys + more_y, args.out)
    print(f"trained on {len(xs)} pages ({sum(len(x) for x in xs)} lines) and {len(more_x)} pages wrapped in other "
          f"sites' chrome ({sum(len(x) for x in more_x)} lines); not labelled: {', '.join(skipped) or '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
