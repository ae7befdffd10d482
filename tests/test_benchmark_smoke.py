"""`benchmarks/scale.py` still runs end to end (issue 6). A smoke run at 10k entries: it checks
that the benchmark works and prints its table, never how fast anything is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _have_inputs() -> bool:
    try:
        found = [subprocess.run(["kpsewhich", name], capture_output=True, text=True, check=False).stdout.strip()
                 for name in ("xampl.bib", "biblatex-examples.bib")]
    except OSError:
        return False
    return all(found)


@pytest.mark.skipif(not _have_inputs(), reason="kpsewhich cannot find xampl.bib / biblatex-examples.bib "
                    "(apt-get install texlive-bibtex-extra)")
def test_scale_benchmark_prints_its_table(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "scale.py"), "--sizes", "10000", "--runs", "1", "--work", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=600, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    assert "-- 10,000 entries (10,000 imported, 0 skipped)" in out
    for label in ("import 10,000 ", "import 10,000 peak memory, all processes", "import 10,000 peak RSS",
                  "export 10,000 to BibTeX", "search word",
                  "search author:", "search year range", "search cited-by:", "start-up: refman search model"):
        assert label in out, label
    identical = next(line for line in out.splitlines() if line.startswith("export byte-identical"))
    assert identical.split()[-1] == "True"  # lossless round trip, the one non-timing fact it prints
    assert (tmp_path / "scale-10000.bib").stat().st_size > 1_000_000
