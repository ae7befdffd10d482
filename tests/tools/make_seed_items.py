"""Write tests/data/cite/seed_items.json: the seed article's 29 references as refman imports them.

    .venv/bin/python tests/tools/make_seed_items.py [--seed PATH]

The seed page goes through refman's own article-page reader (which parses its reference list
with refman.formats.refstrings), each cited entry gets the citekey the store would give it
(refman.core.citekeys), and refman.formats.csljson.entry_to_csl turns it into the CSL-JSON the
citation engine is fed. Re-run it, then tests/tools/make_golden.js, when the parser changes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from refman.core.citekeys import make_key  # noqa: E402
from refman.formats.article_page.reader import read  # noqa: E402
from refman.formats.csljson import entry_to_csl  # noqa: E402

DATA = ROOT / "tests" / "data" / "cite"
DEFAULT_SEED = ROOT.parent / "shared" / "seeds" / "000_48728e4564e9696b.txt"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED, help="the seed article page (text)")
    parser.add_argument("--out", type=Path, default=DATA / "seed_items.json")
    args = parser.parse_args()

    result = read(args.seed.read_text(encoding="utf-8"), args.seed.name)
    cited = [result.entries[i] for i in result.cited_indexes]
    taken = {item["id"] for item in json.loads((DATA / "items.json").read_text(encoding="utf-8"))}
    items = []
    for entry in cited:
        key = make_key(entry, taken.__contains__)
        taken.add(key)
        item = entry_to_csl(entry)
        item["id"] = key
        items.append(item)
    args.out.write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(items)} references from {args.seed.name} -> {args.out}")
    for problem in result.problems:
        print(f"  note: {problem}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
