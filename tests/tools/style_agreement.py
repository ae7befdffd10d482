"""Agreement between refman and citeproc-js on node over a sample of other CSL styles.

    npm install --prefix /tmp/citeproc-node citeproc@2.4.63
    .venv/bin/python tests/tools/style_agreement.py --node-path /tmp/citeproc-node/node_modules \
        [--count 200] [--seed 5] [--work /tmp/style-agreement] [--reuse]

Draws --count independent styles (seeded, excluding the six core styles the golden tests pin),
has tests/tools/make_golden.js produce citeproc-js's output for them on node (full bibliography,
one citation per item, the clusters and selections of cases.json; text and html), formats the
same requests with refman.cite and compares them after collapsing whitespace. Prints the share of
styles that agree completely and of individual outputs, and the first difference of each style
that does not. --reuse skips the node run when --work already holds its output.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from refman.cite import CORE_STYLES, CitationEngine, CitationError, OutputFormat, list_styles  # noqa: E402

DATA = ROOT / "tests" / "data" / "cite"
FORMATS: tuple[OutputFormat, ...] = ("text", "html")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def sample(count: int, seed: int) -> list[str]:
    ids = sorted(s.id for s in list_styles() if s.parent is None and s.id not in CORE_STYLES)
    return sorted(random.Random(seed).sample(ids, min(count, len(ids))))


def run_node(styles: list[str], work: Path, node_path: str | None) -> None:
    work.mkdir(parents=True, exist_ok=True)
    listing = work / "styles.txt"
    listing.write_text("\n".join(styles) + "\n", encoding="utf-8")
    env = dict(os.environ)
    if node_path:
        env["NODE_PATH"] = node_path
    cmd = ["node", str(ROOT / "tests" / "tools" / "make_golden.js"), "--styles-file", str(listing)]
    cmd += ["--out", str(work / "node"), "--parts", "basic"]
    subprocess.run(cmd, check=True, env=env)


def compare_style(
    engine: CitationEngine, golden: dict[str, Any], items: dict[str, dict[str, Any]], cases: dict[str, Any]
) -> tuple[int, int, str]:
    """(outputs compared, outputs equal, first difference or error)."""
    style = golden["style"]
    ordered = [items[k] for k in items]
    total = same = 0
    first = ""

    def check(label: str, got: list[str], want: list[str]) -> None:
        nonlocal total, same, first
        n = max(len(got), len(want))
        total += n
        if len(got) != len(want):
            first = first or f"{label}: {len(got)} entries vs {len(want)}"
            return
        for g, w in zip(got, want, strict=True):
            if norm(g) == norm(w):
                same += 1
            elif not first:
                first = f"{label}:\n      refman:     {g}\n      citeproc-js: {w}"

    for fmt in FORMATS:
        want = golden[fmt]
        try:
            check(f"{fmt} bibliography", engine.bibliography(ordered, style, None, fmt), want["bibliography"])
            for key, text in want["citations"].items():
                check(f"{fmt} citation {key}", [engine.citation([items[key]], style, None, fmt)], [text])
            for ids, text in zip(cases["clusters"], want["clusters"], strict=True):
                check(
                    f"{fmt} cluster {ids}",
                    [engine.citation([items[i] for i in ids], style, None, fmt)],
                    [text],
                )
            for ids, entries in zip(cases["selections"], want["selections"], strict=True):
                check(
                    f"{fmt} selection",
                    engine.bibliography([items[i] for i in ids], style, None, fmt),
                    entries,
                )
        except CitationError as exc:
            first = first or f"refman error: {exc}"
    return total, same, first


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/refman-style-agreement"))
    parser.add_argument("--node-path", default=os.environ.get("NODE_PATH"))
    parser.add_argument("--reuse", action="store_true", help="use the node output already in --work")
    args = parser.parse_args()

    styles = sample(args.count, args.seed)
    if not (args.reuse and (args.work / "node").is_dir()):
        started = time.perf_counter()
        run_node(styles, args.work, args.node_path)
        print(f"node: {len(styles)} styles in {time.perf_counter() - started:.0f} s")

    items: dict[str, dict[str, Any]] = {}
    for name in ("items.json", "seed_items.json"):
        if (DATA / name).exists():
            items.update({i["id"]: i for i in json.loads((DATA / name).read_text(encoding="utf-8"))})
    cases = json.loads((DATA / "cases.json").read_text(encoding="utf-8"))

    engine = CitationEngine(max_engines=2)
    started = time.perf_counter()
    agree = compared = outputs = equal = node_errors = 0
    differing: list[tuple[str, str, int, int]] = []
    for style in styles:
        golden = json.loads((args.work / "node" / f"{style}.json").read_text(encoding="utf-8"))
        if "error" in golden:
            node_errors += 1
            print(f"  {style}: citeproc-js on node failed ({golden['error']}); not counted")
            continue
        total, same, first = compare_style(engine, golden, items, cases)
        compared += 1
        outputs += total
        equal += same
        if same == total and not first:
            agree += 1
        else:
            differing.append((style, first, same, total))
    engine.close()

    print(f"refman: {compared} styles in {time.perf_counter() - started:.0f} s")
    for style, first, same, total in differing:
        print(f"  {style}: {same}/{total} outputs equal; first difference {first}")
    print(f"\nstyles sampled: {len(styles)} (seed {args.seed}); citeproc-js failed on node: {node_errors}")
    if compared:
        print(f"styles identical in every output: {agree}/{compared} ({100 * agree / compared:.1f}%)")
    if outputs:
        print(f"outputs identical: {equal}/{outputs} ({100 * equal / outputs:.2f}%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
