"""Make the dev/held-out split of the article-page corpus, once, stratified by platform.

Why: tuning an importer on the same pages it is scored on overstates how well it does on pages nobody
has seen.  The split is drawn by this script with a fixed seed *before* anyone tunes on the corpus and
is then frozen: the script refuses to overwrite an existing split.json (--force exists only for the
record; do not use it once results have been reported).

Rule: for every platform with n >= 2 pages, shuffle its pages and put floor(n/2) of them in held-out and
the rest in dev, so both sides see every such platform.  Single-page platforms are shuffled together and
dealt alternately, starting with held-out, so the two sides stay near the same size.

Adding pages later (--add): the first split is never redrawn and no page ever changes half.  A page added
after it goes to a half by a rule fixed before anyone looks at importer results on it, and blind to the
page's content: the first hex digit of sha256(page id, UTF-8) even -> dev, odd -> held-out.  --add
assigns every page directory that has a gold.json but is in neither half, and lists those ids under
"added" in split.json so the record shows which pages joined by this rule.

Usage: .venv/bin/python tools/pages/make_split.py [--seed N] [--force]
       .venv/bin/python tools/pages/make_split.py --add
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "data" / "pages"
SPLIT = PAGES / "split.json"


def platforms() -> dict[str, list[str]]:
    """Page ids by platform, read from each gold.json."""
    by_platform: dict[str, list[str]] = defaultdict(list)
    for gold in sorted(PAGES.glob("*/gold.json")):
        data = json.loads(gold.read_text(encoding="utf-8"))
        by_platform[str(data["platform"])].append(gold.parent.name)
    return dict(by_platform)


def make_split(by_platform: dict[str, list[str]], seed: int) -> tuple[list[str], list[str]]:
    """Stratified (dev, heldout): see the module docstring for the rule."""
    rng = random.Random(seed)
    dev: list[str] = []
    heldout: list[str] = []
    singles: list[str] = []
    for platform in sorted(by_platform):
        ids = sorted(by_platform[platform])
        if len(ids) == 1:
            singles.extend(ids)
            continue
        rng.shuffle(ids)
        half = len(ids) // 2
        heldout.extend(ids[:half])
        dev.extend(ids[half:])
    rng.shuffle(singles)
    for index, page_id in enumerate(singles):
        (heldout if index % 2 == 0 else dev).append(page_id)
    return sorted(dev), sorted(heldout)


def half_of_new_page(page_id: str) -> str:
    """The half a page added after the first split joins: sha256(id) first hex digit even -> dev."""
    digit = int(hashlib.sha256(page_id.encode("utf-8")).hexdigest()[0], 16)
    return "dev" if digit % 2 == 0 else "heldout"


def add_new_pages(split: dict[str, Any], page_ids: list[str]) -> list[str]:
    """Put every page id in neither half into its half_of_new_page; return the ids added."""
    dev: list[str] = list(split["dev"])
    heldout: list[str] = list(split["heldout"])
    known = set(dev) | set(heldout)
    added = sorted(p for p in page_ids if p not in known)
    for page_id in added:
        (dev if half_of_new_page(page_id) == "dev" else heldout).append(page_id)
    split["dev"] = sorted(dev)
    split["heldout"] = sorted(heldout)
    split["added"] = sorted([*split.get("added", []), *added])
    return added


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=20261204)
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--add", action="store_true", help="assign pages in neither half by the sha256 rule")
    args = parser.parse_args(argv)
    if args.add:
        split = json.loads(SPLIT.read_text(encoding="utf-8"))
        page_ids = sorted(p for ids in platforms().values() for p in ids)
        for page_id in add_new_pages(split, page_ids):
            print(f"{page_id}: {half_of_new_page(page_id)}")
        SPLIT.write_text(json.dumps(split, indent=1) + "\n", encoding="utf-8")
        print(f"dev {len(split['dev'])}, heldout {len(split['heldout'])}")
        return 0
    if SPLIT.exists() and not args.force:
        print(f"{SPLIT} exists; the split is frozen", file=sys.stderr)
        return 1
    dev, heldout = make_split(platforms(), args.seed)
    split = {"seed": args.seed, "dev": dev, "heldout": heldout}
    SPLIT.write_text(json.dumps(split, indent=1) + "\n", encoding="utf-8")
    print(f"dev {len(dev)}, heldout {len(heldout)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
