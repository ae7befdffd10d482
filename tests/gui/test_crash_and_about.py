"""An uncaught error shows a dialog naming the log (and is in the log); Help ▸ About lists versions and licences."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, qWarning
from PySide6.QtWidgets import QTextBrowser

from refman import __version__
from refman.gui.crash import CrashReporter, tell_previous_crash
from refman.gui.main_window import MainWindow
from refman.logfile import setup_logging, stop_logging


@pytest.fixture
def log_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = setup_logging(tmp_path / "log", faults=False)
    yield path
    stop_logging()


def _boom() -> None:
    raise ValueError("a bug in a slot")


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_shows_the_log_path_and_the_app_goes_on(window: MainWindow, qtbot, log_file: Path) -> None:
    reporter = CrashReporter(log_file, lambda: window).install()
    try:
        QTimer.singleShot(0, _boom)
        qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=5000)
        assert reporter.dialog is not None
        assert str(log_file) in reporter.dialog.text()
        assert "ValueError: a bug in a slot" in reporter.dialog.text()
        QTimer.singleShot(0, _boom)  # a second error while the dialog is open: logged, no second dialog
        qtbot.waitUntil(lambda: reporter.count == 2, timeout=5000)
        assert len([w for w in window.findChildren(type(reporter.dialog)) if w.isVisible()]) == 1
        reporter.dialog.buttons()[0].click()  # Continue
        assert window.isVisible()
        qWarning("a Qt warning goes to the log too")
    finally:
        reporter.uninstall()
    text = log_file.read_text(encoding="utf-8")
    assert text.count("ValueError: a bug in a slot") == 2
    assert "in _boom" in text  # the traceback, not just the message
    assert "a Qt warning goes to the log too" in text


def test_a_crash_last_time_is_reported_at_start(window: MainWindow, qtbot, tmp_path: Path) -> None:
    report = tmp_path / "crash-previous.log"
    report.write_text("Fatal Python error: Segmentation fault\n", encoding="utf-8")
    box = tell_previous_crash(report, tmp_path / "refman.log", window)
    qtbot.waitUntil(box.isVisible)
    assert str(report) in box.text() and "refman.log" in box.text()
    box.accept()


def test_about_shows_version_and_the_licences_of_what_ships(window: MainWindow, qtbot) -> None:
    window.act_about.trigger()
    dialog = window.about_dialog
    qtbot.waitUntil(dialog.isVisible)
    text = dialog.findChild(QTextBrowser).toPlainText()
    assert f"refman {__version__}" in text
    for expected in ("citeproc-js", "CPAL-1.0 or AGPL-3.0", "CSL styles", "CC BY-SA 3.0", "AnyStyle",
                     "BSD-2-Clause", "Qt", "LGPL-3.0", str(window.location), "SQLAlchemy 2.1.9"):
        assert expected in text, expected
    html = dialog.findChild(QTextBrowser).toHtml()
    assert "LICENSE-anystyle.txt" in html and "LICENSE-citeproc-js.txt" in html  # links to the shipped texts
    dialog.reject()
