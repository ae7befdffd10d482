"""How fast refman formats citations (refman.cite: citeproc-js in mini-racer).

    .venv/bin/python benchmarks/cite_speed.py [--repeat N]

Prints: loading the engine (V8 + citeproc.js + all CSL locales), building each core style once,
then, with APA built, formatting 10 entries (bibliography text and html, one in-text citation)
and a 100-entry bibliography; medians over --repeat runs. Each measurement uses a fresh
CitationEngine so that builds are not served from its cache. The target from issue 5: 10 APA
entries well under 100 ms once the style is loaded.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from refman.cite import CORE_STYLES, CitationEngine, list_styles  # noqa: E402
from refman.cite.citeproc_js import CiteprocRuntime  # noqa: E402

WARM_STYLE = "american-chemical-society"  # any style outside CORE_STYLES
ITEMS = json.loads((ROOT / "tests" / "data" / "cite" / "items.json").read_text(encoding="utf-8"))


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    repeat = max(1, args.repeat)

    loads = []
    for _ in range(3):
        start = time.perf_counter()
        runtime = CiteprocRuntime()
        loads.append(time.perf_counter() - start)
        runtime.close()
    print(f"engine load (V8 + citeproc.js + 63 locales), median of 3: {ms(statistics.median(loads))}")
    first = timed(list_styles)
    again = timed(lambda: list_styles("apa"))
    print(
        f"style catalogue: {len(list_styles())} styles, first listing {ms(first).strip()}, search {ms(again).strip()}"
    )

    print("\nstyle build, first use (median of 3 fresh engines):")
    for style in CORE_STYLES:
        builds = []
        for _ in range(3):
            engine = CitationEngine()
            engine.preload(WARM_STYLE)  # load V8 first so only the style build is timed
            builds.append(timed(lambda e=engine, s=style: e.preload(s)))  # type: ignore[misc]
            engine.close()
        print(f"  {style:32s} {ms(statistics.median(builds))}")

    engine = CitationEngine()
    engine.preload("apa")
    ten = ITEMS[:10]
    hundred = (ITEMS * 2)[:100]
    hundred = [dict(item, id=f"{item['id']}-{n}") for n, item in enumerate(hundred)]
    cases = {
        "10 entries, bibliography, text": lambda: engine.bibliography(ten, "apa", fmt="text"),
        "10 entries, bibliography, html": lambda: engine.bibliography(ten, "apa", fmt="html"),
        "10 entries, text + html (clipboard)": lambda: (
            engine.bibliography(ten, "apa", fmt="text"),
            engine.bibliography(ten, "apa", fmt="html"),
        ),
        "10 entries, one in-text citation": lambda: engine.citation(ten, "apa"),
        "1 entry, bibliography, text": lambda: engine.bibliography(ten[:1], "apa"),
        "100 entries, bibliography, text": lambda: engine.bibliography(hundred, "apa"),
    }
    print(f"\nAPA once built (median of {repeat}, after one warm-up):")
    for label, fn in cases.items():
        fn()
        runs = [timed(fn) for _ in range(repeat)]
        print(f"  {label:38s} {ms(statistics.median(runs))}   (min {ms(min(runs)).strip()})")
    engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
