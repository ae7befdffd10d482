"""Issue 14, the concurrency test: one process imports N entries while two others search
every 100 ms (one with the library kept open, one opening it for each search as CLI commands do)
and an offscreen window stays open and keeps browsing. No reader may fail, and the window shows
the new entries once the import commits. (How long the readers waited is measured and printed by
benchmarks/concurrency.py; tests make no timing assertions.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from safety import READER_SCRIPT, make_library, synthetic_bib

from refman.gui.main_window import MainWindow
from refman.library import Library

N = 20_000  # 50,000 took 37-68 s here under load; benchmarks/concurrency.py runs 50,000


@pytest.mark.slow
def test_readers_and_the_window_go_on_while_entries_are_imported(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                      settings: QSettings) -> None:
    db = make_library(tmp_path / "lib.sqlite")
    big = tmp_path / "big.bib"
    big.write_text(synthetic_bib(N), encoding="utf-8")
    lib = Library.open(db)
    win = MainWindow(lib, str(db), settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    stop = tmp_path / "stop"
    readers = {mode: (subprocess.Popen([sys.executable, "-c", READER_SCRIPT, str(db), str(stop),
                                        str(tmp_path / f"{mode}.json"), mode]), tmp_path / f"{mode}.json")
               for mode in ("kept", "fresh")}
    importer = subprocess.Popen([sys.executable, "-m", "refman", "--library", str(db), "import", "-q", str(big)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    browsed = 0
    while importer.poll() is None:  # the window browses while the import runs
        win.set_search_text("examples" if browsed % 2 else "widgets")  # words the import does not bring
        assert win.model.rowCount() == 1
        browsed += 1
        qtbot.wait(200)
    _out, err = importer.communicate()
    assert importer.returncode == 0, err
    win.set_search_text("")
    qtbot.waitUntil(lambda: win.model.rowCount() == N + 3, timeout=15000)
    qtbot.waitUntil(lambda: win.sidebar.topLevelItem(0).text(0) == f"All entries ({N + 3:,})", timeout=5000)
    qtbot.wait(500)  # the readers search a few more times after the commit
    stop.touch()
    for mode, (proc, report) in readers.items():
        assert proc.wait(timeout=60) == 0
        seen = json.loads(report.read_text())
        assert seen["failures"] == [], (mode, seen["failures"][:3])
        assert seen["searches"] >= 20, mode  # they really searched throughout
        assert seen["last_count"] == N + 3, mode
    assert browsed >= 5
    win.pool.waitForDone()
    win.close()
    lib.close()
