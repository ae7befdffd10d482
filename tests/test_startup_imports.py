"""What the desktop app imports, in which order (figures: benchmarks/startup.py).

PySide6's import hook reads the source of every module imported after PySide6 itself, so the
library layer (SQLAlchemy and its ~250 modules) must be imported first; a reordering of imports in
refman.gui would silently add a third to the start-up time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _first_imports(tmp_path: Path) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", REFMAN_QUIT_AFTER_PAINT="1", HOME=str(tmp_path),
               XDG_STATE_HOME=str(tmp_path / "state"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "refman", "--library", str(tmp_path / "l.sqlite")],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    # importtime prints a module when its import finishes; order of first appearance is enough here
    names = [line.split("|")[2].strip() for line in proc.stderr.splitlines()
             if line.startswith("import time:") and line.count("|") == 2 and line.split("|")[1].strip().isdigit()]
    return names


def test_sqlalchemy_and_logging_are_imported_before_pyside6(tmp_path: Path) -> None:
    names = _first_imports(tmp_path)
    first_qt = min(i for i, n in enumerate(names) if n.startswith("PySide6") or n == "shiboken6")
    for module in ("sqlalchemy", "refman.store.schema", "logging.handlers"):
        assert names.index(module) < first_qt, f"{module} is imported after PySide6"


def test_startup_benchmark_prints_its_ratios(tmp_path: Path) -> None:
    """benchmarks/startup.py still runs end to end (a 2,000-entry library, one run): never how fast."""
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path))
    proc = subprocess.run([sys.executable, str(root / "benchmarks" / "startup.py"), "--entries", "2000", "--runs", "1"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "ratio (target <= 1.5)" in proc.stdout
    assert "refman search ornithology (25 rows of 2,025)" in proc.stdout
