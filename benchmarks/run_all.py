"""`make bench`: run every benchmark script in turn and print its figures.

Each script is standalone (`python benchmarks/NAME.py`) and prints a table with medians and
ratios against a baseline measured in the same run; absolute times on shared machines drift.
Pass script names to run a subset: `python benchmarks/run_all.py scale cite_speed`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["scale", "bibtex_io", "parse_accuracy", "cite_speed", "gui_scale", "startup"]


def main(argv: list[str]) -> int:
    names = argv or [n for n in ORDER if (HERE / f"{n}.py").exists()]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    failed = []
    for name in names:
        script = HERE / f"{name}.py"
        print(f"\n=== {name} ===", flush=True)
        start = time.perf_counter()
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        code = subprocess.call([sys.executable, str(script)], env=env)
        print(f"--- {name}: exit {code}, {time.perf_counter() - start:.1f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
