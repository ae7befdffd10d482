"""The Duplicates view scans in the worker: the window stays responsive, a progress dialog counts
the library's entries, and Cancel stops the scan, leaving the last scan's view."""

from __future__ import annotations

import threading

from PySide6.QtCore import QRunnable, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from refman.core.model import Changes, Entry, Person
from refman.gui.main_window import MainWindow

from .conftest import REFERENCES


class _Gate(QRunnable):
    """Holds the window's only worker thread until released, so the scan waits its turn and a
    Cancel pressed meanwhile is certainly seen by the scan (no race with a fast machine)."""

    def __init__(self) -> None:
        super().__init__()
        self.open = threading.Event()

    def run(self) -> None:
        self.open.wait(30)


def _plant_duplicate(window: MainWindow) -> tuple[int, int]:
    original = window.lib.by_key(REFERENCES[0]["id"])
    copy, _ = window.lib.add_entry(Entry(citekey="archer-copy", entry_type="book",
                                         title="International Organsations", contributors=(Person("Archer", "C."),),
                                         year=2001, publisher="Routledge"))
    assert original.id is not None and copy.id is not None
    window._changed(Changes(added=(copy.id,)))
    return original.id, copy.id


def test_scan_in_the_worker_with_progress(window: MainWindow, qtbot) -> None:
    original, copy = _plant_duplicate(window)
    gate = _Gate()
    window.pool.setMaxThreadCount(1)
    window.pool.start(gate)
    window.sidebar.setFocus()
    QTest.keyClick(window.sidebar, Qt.Key.Key_End)  # the Duplicates view: asks for a scan
    qtbot.waitUntil(lambda: window.scope.kind == "duplicates")
    task = window.duplicate_scan
    assert task is not None and task.running  # waiting for the worker: the GUI thread is free
    assert window.sidebar.currentItem().text(0) == "Duplicates (scanning…)"
    seen: list[tuple[int, str]] = []
    task.finished.connect(lambda _r: seen.append((task.dialog.maximum(), task.dialog.labelText())))
    gate.open.set()
    qtbot.waitUntil(lambda: window.duplicate_scan is None)
    total = window.lib.count()
    assert seen == [(total, f"Looking for duplicates… ({total:,} entries)")]  # progress counted the library
    assert window.sidebar.duplicate_clusters == [[original, copy]]
    assert window.sidebar.currentItem().text(0) == "Duplicates (1)"
    assert window.model.rowCount() == 2


def test_cancel_stops_the_scan_and_keeps_the_last_one(window: MainWindow, qtbot) -> None:
    _plant_duplicate(window)
    gate = _Gate()
    window.pool.setMaxThreadCount(1)
    window.pool.start(gate)
    task = window.scan_duplicates()
    assert task is not None and task.running
    task.dialog.show()  # it shows itself after SHOW_AFTER_MS; a test need not wait for that
    cancel = task.dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    QTest.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert task.dialog.labelText() == "Cancelling…"
    gate.open.set()
    qtbot.waitUntil(lambda: window.duplicate_scan is None)
    assert "Duplicate scan cancelled" in window.statusBar().currentMessage()
    assert window.sidebar.duplicate_clusters == []  # nothing was scanned before: the view stays empty
    assert not window.tasks

    window.pool.setMaxThreadCount(2)
    assert window.scan_duplicates() is not None  # a later scan runs to the end
    qtbot.waitUntil(lambda: window.duplicate_scan is None)
    assert len(window.sidebar.duplicate_clusters) == 1
