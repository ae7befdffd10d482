"""`benchmarks/duplicates.py` still runs end to end (issue 19): a small run that checks it prints its
figures, never how fast anything is."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.skipif(not Path("/work/shared/data/anystyle/core.xml").exists(), reason="AnyStyle data not present")
def test_duplicates_benchmark_prints_its_figures(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "duplicates.py"), "--sizes", "3000",
                           "--work", str(tmp_path)], capture_output=True, text=True, cwd=ROOT, timeout=900, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    for label in ("3000 entries (", "precision", "recall by kind: accents", "near misses wrongly joined",
                  "peak RSS", "import of 1,000 entries"):
        assert label in out, label
