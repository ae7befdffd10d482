"""The window's first paint on a stand-in library (refman/gui/first_rows.py): real rows, real count,
no SQLAlchemy-backed Library yet; then the real library takes its place and everything works."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from refman.core.errors import RefmanError
from refman.gui.app import first_library
from refman.gui.first_rows import FIRST_PAGE, FirstRows
from refman.gui.main_window import MainWindow
from refman.gui.table_model import COLUMN_KEYS
from refman.library import Library

from .conftest import TOTAL, AtFirstPaint, fill


def _at_first_paint(window: MainWindow) -> AtFirstPaint:
    """What the table showed when its viewport first painted."""

    def seen() -> dict[str, object]:
        model = window.model
        return {
            "stand_in": isinstance(window.lib, FirstRows),
            "opened": isinstance(window.lib, FirstRows) and window.lib.real is not None,
            "rows": model.rowCount(),
            "keys": [model.data(model.index(r, 0)) for r in range(min(5, model.rowCount()))],
            "status": window.count_label.text(),
        }

    return AtFirstPaint(window.view.viewport(), seen)


def _window(qtbot, location: Path, settings: QSettings) -> tuple[MainWindow, AtFirstPaint]:  # type: ignore[no-untyped-def]
    win = MainWindow(first_library(str(location)), str(location), settings)
    qtbot.addWidget(win)
    watch = _at_first_paint(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.sidebar.loaded)
    return win, watch


@pytest.fixture
def first_window(qtbot, filled_library: Library, lib_path: Path, settings: QSettings):  # type: ignore[no-untyped-def]
    win, watch = _window(qtbot, lib_path, settings)
    yield win, watch
    win.close()
    win.lib.close()


def test_the_first_paint_shows_the_librarys_rows_before_the_library_opens(
        first_window: tuple[MainWindow, AtFirstPaint], filled_library: Library) -> None:
    win, watch = first_window
    assert watch.seen is not None
    assert watch.seen["stand_in"] is True and watch.seen["opened"] is False  # painted from the quick read
    assert watch.seen["rows"] == TOTAL
    assert watch.seen["keys"] == [s.citekey for s in filled_library.search("", limit=5)]
    assert watch.seen["status"] == f"{TOTAL} of {TOTAL} entries"
    # after the first paint the real library took its place, with the view unchanged
    assert isinstance(win.lib, Library) and win.model.library is win.lib
    assert [win.model.data(win.model.index(r, 0)) for r in range(5)] == watch.seen["keys"]
    assert win.count_label.text() == f"{TOTAL} of {TOTAL} entries"


def test_an_unchanged_library_keeps_the_rows_on_screen_at_the_swap(qtbot, tmp_path: Path, settings: QSettings) -> None:
    lib_path = tmp_path / "closed.sqlite"
    lib = Library.open(lib_path)  # made and closed, as a library is when the app starts on it
    fill(lib)
    lib.close()
    win = MainWindow(first_library(str(lib_path)), str(lib_path), settings)
    qtbot.addWidget(win)
    resets: list[bool] = []  # for each reset of the table: was the real library in place yet?
    win.model.modelReset.connect(lambda: resets.append(isinstance(win.lib, Library)))
    win.show()
    qtbot.waitUntil(lambda: win.sidebar.loaded)
    assert isinstance(win.lib, Library)
    assert True not in resets  # nothing was written since the first read: no re-read at the swap
    assert win.model.rowCount() == TOTAL and win.count_label.text() == f"{TOTAL} of {TOTAL} entries"
    win.close()
    win.lib.close()


def test_actions_work_once_the_library_is_ready(first_window: tuple[MainWindow, AtFirstPaint], qtbot) -> None:
    win, _watch = first_window
    win.view.setFocus()
    win.view.select_row(0)
    first = win.view.current_id()
    assert first is not None
    qtbot.waitUntil(lambda: "Smith" in win.detail.toPlainText() or "Putra" in win.detail.toPlainText())
    QTest.keyClick(win.view, Qt.Key.Key_Delete)  # moves to the Trash, undoable
    assert win.lib.count() == TOTAL - 1
    assert win.count_label.text() == f"{TOTAL - 1} of {TOTAL - 1} entries"
    win.undo_stack.undo()
    qtbot.waitUntil(lambda: win.lib.count() == TOTAL)
    win.search.setText("topic")
    win.apply_search("topic")
    assert 0 < win.model.rowCount() < TOTAL
    win.view.horizontalHeader().setSortIndicator(COLUMN_KEYS.index("year"), Qt.SortOrder.DescendingOrder)
    assert win.model.order_by == "year" and win.model.descending


def test_what_was_written_before_the_swap_shows_after_it(qtbot, filled_library: Library, lib_path: Path,
                                                          settings: QSettings) -> None:
    stand_in = first_library(str(lib_path))
    assert isinstance(stand_in, FirstRows)
    filled_library.import_text(json.dumps([{"id": "late2030", "type": "book", "title": "Late"}]), "late.json",
                               "csljson")  # another program writes after the quick read
    win = MainWindow(stand_in, str(lib_path), settings)
    qtbot.addWidget(win)
    assert win.count_label.text() == f"{TOTAL} of {TOTAL} entries"  # the quick read's figure, for the first paint
    win.show()
    qtbot.waitUntil(lambda: win.sidebar.loaded)
    assert win.count_label.text() == f"{TOTAL + 1} of {TOTAL + 1} entries"
    assert win.model.row_of_id(filled_library.by_key("late2030").id or 0) is not None
    win.close()
    win.lib.close()


def test_a_question_before_the_swap_opens_the_library_and_is_answered(filled_library: Library,
                                                                       lib_path: Path) -> None:
    first = FirstRows.read(str(lib_path), lambda: Library.open(lib_path), limit=4)
    assert first is not None
    assert first.search("", None, False, 0, 4) == filled_library.search("", limit=4)
    assert first.real is None
    with pytest.raises(RefmanError):
        first.data_version()  # no version to compare before the open; the change watcher skips it
    assert first.search("", None, False, 2, 4) == filled_library.search("", offset=2, limit=4)  # past the page
    assert first.real is not None and first.early == []  # search itself opened it, nothing else
    assert first.count("topic") == filled_library.count("topic")
    assert first.by_key("smith2003study").title == "A study of topic 3"
    first.close()


def test_a_saved_sort_is_shown_sorted(qtbot, filled_library: Library, lib_path: Path, settings: QSettings) -> None:
    """A sort remembered from last time is not the quick read's order: the rows come from the library."""
    win, _ = _window(qtbot, lib_path, settings)
    win.view.horizontalHeader().setSortIndicator(COLUMN_KEYS.index("year"), Qt.SortOrder.DescendingOrder)
    win.close()
    win.lib.close()
    again, watch = _window(qtbot, lib_path, settings)
    assert again.model.order_by == "year" and watch.seen is not None
    assert watch.seen["keys"] == [s.citekey for s in filled_library.search("", "year", True, 0, 5)]
    again.close()
    again.lib.close()


def test_a_fresh_window_without_saved_settings_opens_nothing_before_its_first_paint(
        first_window: tuple[MainWindow, AtFirstPaint]) -> None:
    win, watch = first_window
    assert watch.seen is not None and watch.seen["opened"] is False
    assert win.model.page_size <= FIRST_PAGE  # the table's first page comes from the quick read


def test_reopening_with_saved_settings_still_paints_from_the_quick_read(
        qtbot, filled_library: Library, lib_path: Path, settings: QSettings) -> None:
    """Closing saves the header, splitters and style; none of that makes the next start open the
    library before its first paint."""
    win, _ = _window(qtbot, lib_path, settings)
    win.close()
    win.lib.close()
    again, watch = _window(qtbot, lib_path, settings)
    assert watch.seen is not None and watch.seen["opened"] is False and watch.seen["rows"] == TOTAL
    again.close()
    again.lib.close()


def test_a_search_before_the_first_paint_is_answered_by_the_library(qtbot, filled_library: Library, lib_path: Path,
                                                                      settings: QSettings) -> None:
    """Typing before the library is open is not refused or lost: the stand-in opens it there and
    then, and the swap after the first paint keeps that same library and the search."""
    stand_in = first_library(str(lib_path))
    assert isinstance(stand_in, FirstRows)
    win = MainWindow(stand_in, str(lib_path), settings)
    qtbot.addWidget(win)
    win.search.setText("topic")
    win.apply_search("topic")
    expected = filled_library.count("topic")
    assert 0 < win.model.rowCount() == expected < TOTAL
    assert stand_in.real is not None and stand_in.early  # opened early, and it says why
    opened = stand_in.real
    win.show()
    qtbot.waitUntil(lambda: win.sidebar.loaded)
    assert win.lib is opened and win.model.rowCount() == expected
    assert win.count_label.text() == f"{expected} of {TOTAL} entries"
    win.close()
    win.lib.close()


def test_a_library_that_cannot_be_opened_after_the_first_paint_is_reported(
        qtbot, filled_library: Library, lib_path: Path, settings: QSettings) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def refuse() -> Library:
        raise RefmanError("the file is locked by another program")

    first = FirstRows.read(str(lib_path), refuse)
    assert first is not None
    win = MainWindow(first, str(lib_path), settings)  # type: ignore[arg-type]
    qtbot.addWidget(win)
    said: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            said.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)
    win.show()
    qtbot.waitUntil(lambda: win.closed, timeout=10000)
    assert win.open_error == "the file is locked by another program"
    assert said and "locked by another program" in said[0] and str(lib_path) in said[0]
